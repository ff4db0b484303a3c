"""Upload: anyone previews a file (format, columns, validation report, chart); editors publish
it, annotate and delete datasets. Every write goes through outages.publish with the session's
verified Editor."""

from outages.ui import auth, preview, upload

vs = upload.header()
config = auth.config()
editor = auth.current(config)
auth.panel(config, editor, vs.lang)

file = upload.choose_file(vs.lang)
if file is not None:
    chosen, shown = upload.preview(file, vs.lang)
    upload.options_form(file, shown, vs.lang)
    preview.show_preview(file, shown, vs.lang)
    upload.publish_panel(editor, chosen, shown, vs)
if editor is not None:
    upload.manage_panel(editor, vs.lang)
