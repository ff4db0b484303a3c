"""Upload: anyone previews a file (format, columns, validation report, chart); editors publish
it, annotate and delete datasets. Every write goes through outages.publish with the session's
verified Editor."""

from outages.ui import auth, upload

vs = upload.header()
config = auth.config()
editor = auth.current(config)
auth.panel(config, editor, vs.lang)

file = upload.choose_file(vs.lang)
if file is not None:
    chosen, preview = upload.preview(file, vs.lang)
    upload.options_form(file, preview, vs.lang)
    upload.show_preview(file, preview, vs.lang)
    upload.publish_panel(editor, chosen, preview, vs)
if editor is not None:
    upload.manage_panel(editor, vs.lang)
