"""The upload page's parts: the file and how to read it, the preview, publishing, and the
editors' tools. Reading, checking and writing are done by outages.publish; this module draws.

A preview is kept in the session for the file and options it was made from, so widgets can
change without reading the file again. The file is read in a worker process with a memory and a
time cap (outages.sandbox), at most one at a time per session and a few per server; publishing
takes the preview's reading, so an editor's file is read within the same caps.

Every text from a file (names, messages that quote values, the file name) reaches Markdown only
through ``text.md`` and tables only as data.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from outages import fmt, publish, sandbox
from outages.auth import Editor
from outages.errors import InputError, ReadResult
from outages.i18n import t
from outages.limits import MAX_UPLOAD_MB
from outages.publish import Details, Published, Upload
from outages.readers import FORMATS
from outages.readers.base import Options
from outages.readers.tidy import MAPPABLE
from outages.schema import SERVICES
from outages.store import DatasetInfo
from outages.viewstate import ViewState

from . import data, page
from .preview import Preview, figures, show_problems
from .text import md, service_label, short, zone_name

FILE_TYPES = ("csv", "tsv", "txt", "json", "xls", "xlsx", "ods")  # as README "Accepted formats"
AUTO = "__auto__"  # format detected, mapping by column names, service from the file
NO_ZONE = "__none__"
COMMON_ZONES = ("Europe/Kyiv", "UTC", "Europe/Warsaw", "Europe/London", "America/New_York",
                "America/Chicago", "America/Denver", "America/Los_Angeles")
MAPPING_FORMATS = ("csv", "json")  # the tidy readers take a column mapping
PREVIEW_KEY = "_upload_preview"
COLUMNS_KEY = "_upload_columns"
DONE_KEY = "_upload_done"
MANAGE_DONE_KEY = "_manage_done"
AUDIT_ROWS = 20
MODES = ("new", "version", "append")


def header() -> ViewState:
    """The common page parts (state, language switch, title, notices) and the introduction."""
    vs = page.begin_plain("upload")
    st.caption(t("upload.intro", vs.lang))
    sandbox.warm()  # the worker's fork server, started before a file comes
    return vs


def choose_file(lang: str) -> UploadedFile | None:
    return st.file_uploader(t("upload.file_label", lang), type=list(FILE_TYPES),
                            key="upload_file", max_upload_size=MAX_UPLOAD_MB,
                            help=t("upload.file_help", lang, mb=MAX_UPLOAD_MB))


# --- the options: what the person says about the file ------------------------------------------


OPTION_KEYS = {"format": "upload_format", "service": "upload_service", "tz": "upload_tz"}


def _map_keys(file: UploadedFile) -> dict[str, str]:
    """Widget keys of the column mapping, canonical column -> key; they belong to one file."""
    return {c: f"upload_map_{c}_{file.file_id}" for c in MAPPABLE}


def _valid(key: str, options: list[str]) -> None:
    """Drop a remembered choice that is no longer offered (a dataset replaced or deleted)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def _chosen(key: str, allowed: list[str] | tuple[str, ...]) -> str:
    value = st.session_state.get(key, AUTO)
    return value if value in allowed else AUTO


def upload_of(file: UploadedFile, content: bytes, columns: list[str]) -> Upload:
    """The upload with the options chosen on the last run (widgets are drawn afterwards)."""
    keys = _map_keys(file)
    fmt_name = _chosen(OPTION_KEYS["format"], list(FORMATS))
    service = _chosen(OPTION_KEYS["service"], SERVICES)
    tz = st.session_state.get(OPTION_KEYS["tz"], NO_ZONE)
    mapping = {c: v for c in MAPPABLE if (v := _chosen(keys[c], columns)) != AUTO}
    options = Options(service=None if service == AUTO else service,
                      tz=None if tz in (NO_ZONE, None) else str(tz), mapping=mapping or None)
    return Upload(content, file.name, None if fmt_name == AUTO else fmt_name, options)


def _zones() -> list[str]:
    rest = sorted(z for z in available_timezones() if z not in COMMON_ZONES)
    return [NO_ZONE, *COMMON_ZONES, *rest]


def options_form(file: UploadedFile, preview: Preview, lang: str) -> None:
    """Format, service, time zone and (for tidy files) the column mapping, shown back."""
    keys = OPTION_KEYS
    with st.expander(t("upload.options", lang), expanded=preview.result is None,
                     icon=":material/tune:"):
        left, middle, right = st.columns(3)
        formats = [AUTO, *FORMATS]
        left.selectbox(t("upload.format", lang), formats, key=keys["format"],
                       format_func=lambda f: t("upload.format_auto", lang) if f == AUTO else f)
        services = [AUTO, *SERVICES]
        middle.selectbox(t("upload.service", lang), services, key=keys["service"],
                         format_func=lambda s: (t("upload.service_file", lang) if s == AUTO
                                                else service_label(s, lang)))
        right.selectbox(t("upload.tz", lang), _zones(), key=keys["tz"],
                        format_func=lambda z: t("upload.tz_none", lang) if z == NO_ZONE else z)
        if preview.columns:
            st.caption(t("upload.file_columns", lang,
                         columns=md(", ".join(short(c, 40) for c in preview.columns))))
        mappable = (preview.result.format if preview.result is not None
                    else st.session_state.get(keys["format"], AUTO))
        if preview.columns and mappable in (*MAPPING_FORMATS, AUTO):
            _mapping_form(_map_keys(file), preview, lang)


def _mapping_form(keys: dict[str, str], preview: Preview, lang: str) -> None:
    st.markdown(f"**{t('upload.mapping', lang)}**")
    st.caption(t("upload.mapping_help", lang))
    choices = [AUTO, *preview.columns]
    cells = st.columns(4)
    for i, canonical in enumerate(MAPPABLE):
        if st.session_state.get(keys[canonical], AUTO) not in choices:
            st.session_state[keys[canonical]] = AUTO
        cells[i % 4].selectbox(
            t(f"upload.col.{canonical}", lang), choices, key=keys[canonical],
            format_func=lambda c: t("upload.mapping_auto", lang) if c == AUTO else short(c, 40))
    if preview.used:
        st.markdown(f"**{t('upload.mapping_used', lang)}**")
        shown = pd.DataFrame({
            t("upload.mapping_file_column", lang): pd.array(list(preview.used.values()),
                                                            dtype="string"),
            t("upload.mapping_read_as", lang): pd.array(
                [t(f"upload.col.{c}", lang) for c in preview.used], dtype="string"),
        })
        st.dataframe(shown, hide_index=True, width="content")


# --- the preview ------------------------------------------------------------------------------


def _key(file: UploadedFile, upload: Upload) -> tuple:
    o = upload.options
    mapping = tuple(sorted((o.mapping or {}).items()))
    return (file.file_id, len(upload.data), upload.format, o.service, o.tz, mapping)


def preview(file: UploadedFile, lang: str) -> tuple[Upload, Preview]:
    """The upload as chosen and its preview (read again only when file or options change)."""
    content = file.getvalue()
    kept = st.session_state.get(PREVIEW_KEY)
    with st.spinner(t("upload.reading", lang)):
        try:
            columns = _columns(file, content)
        except sandbox.Refused as exc:
            upload = upload_of(file, content, [])
            return upload, _refused(Preview(_key(file, upload), None, refused=exc))
        upload = upload_of(file, content, columns)
        key = _key(file, upload)
        if isinstance(kept, Preview) and kept.key == key:
            return upload, kept
        made = _read(upload, key, columns, lang)
    return upload, _refused(made)


def _refused(made: Preview) -> Preview:
    """Keep a preview for its file and options, except one refused for a busy server or
    session: that one is tried again on the next run."""
    if made.refused is None or made.refused.reason not in ("busy", "session"):
        st.session_state[PREVIEW_KEY] = made
    return made


def _owner() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def _columns(file: UploadedFile, content: bytes) -> list[str]:
    """The file's column names, read in a worker once per file (a file the worker could not
    read is not tried again, unless the server or session was busy)."""
    key = (file.file_id, len(content))
    kept = st.session_state.get(COLUMNS_KEY)
    if kept is not None and kept[0] == key:
        if isinstance(kept[1], sandbox.Refused):
            raise kept[1]
        return kept[1]
    try:
        columns = sandbox.run(publish.file_columns, Upload(content, file.name), owner=_owner())
    except sandbox.Refused as exc:
        if exc.reason not in ("busy", "session"):
            st.session_state[COLUMNS_KEY] = (key, exc)
        raise
    st.session_state[COLUMNS_KEY] = (key, columns)
    return columns


def _read(upload: Upload, key: tuple, columns: list[str], lang: str) -> Preview:
    try:
        result = sandbox.run(publish.read, upload, owner=_owner())
    except InputError as exc:
        return Preview(key, None, exc.problems, columns, _used(upload, columns))
    except sandbox.Refused as exc:
        return Preview(key, None, [], columns, refused=exc)
    tz = result.metadata.get("timezone") or upload.options.tz or "UTC"
    tz, _ = zone_name({"timezone": tz})
    used = _used(upload, columns) if result.format in MAPPING_FORMATS else None
    figure, summaries = figures(result, tz, lang)
    return Preview(key, result, [], columns, used, figure, tz, summaries=summaries)


def _used(upload: Upload, columns: list[str]) -> dict[str, str] | None:
    if not columns:
        return None
    try:
        return publish.columns_used(upload, columns)
    except InputError:
        return None


# --- publishing (editors) ---------------------------------------------------------------------


def publish_panel(editor: Editor | None, upload: Upload, p: Preview, vs: ViewState) -> None:
    """For an editor with a clean file: how to publish it, and the button. Nothing for others
    but a note: the publish control does not exist in a viewer's session."""
    lang = vs.lang
    st.subheader(t("upload.publish_title", lang))
    if editor is None:
        st.info(t("upload.viewer_note", lang), icon=":material/lock:")
        return
    _done(p, vs)
    if p.result is None:
        if p.refused is None:
            st.caption(t("upload.fix_first", lang))
        return
    catalog = data.datasets()
    modes = MODES if catalog else MODES[:1]
    mode = st.radio(t("upload.mode", lang), modes, key="upload_mode", horizontal=True,
                    format_func=lambda m: t(f"upload.mode_{m}", lang))
    target = None
    if mode != "new":
        names = {d.id: short(d.name) for d in catalog}
        _valid("upload_target", list(names))
        target = st.selectbox(t("upload.target", lang), list(names), key="upload_target",
                              format_func=names.__getitem__)
    details = None
    if mode == "append":
        st.caption(t("upload.append_help", lang))
    else:
        details = _details_form(upload, p.result,
                                next((d for d in catalog if d.id == target), None), mode, lang)
    if st.button(t("upload.publish_button", lang), key="upload_publish", type="primary",
                 icon=":material/publish:"):
        if _publish(editor, upload, p, mode, target, details, lang):
            st.rerun()  # the dataset lists and the result are drawn afresh


def _details_form(upload: Upload, result: ReadResult, target: DatasetInfo | None, mode: str,
                  lang: str) -> Details:
    """Catalog text, filled from the file's metadata, else the replaced dataset's, else (the
    name) the file name."""
    meta = dict(result.metadata)
    if target is None and not meta.get("name"):
        meta["name"] = publish.default_name(upload.filename)
    suffix = f"{mode}_{target.id if target else ''}"
    values = {}
    for name in ("name", "description", "source", "licence"):
        default = str(meta.get(name) or (getattr(target, name) if target else "") or "")
        values[name] = st.text_input(t(f"upload.{name}", lang), value=default,
                                     key=f"upload_{name}_{suffix}", max_chars=500)
    return Details(**values)


def _publish(editor: Editor, upload: Upload, p: Preview, mode: str, target: str | None,
             details: Details | None, lang: str) -> bool:
    """Publish with progress shown; True when done (the result is kept for the next run)."""
    with st.status(t("upload.phase.reading", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(phase: str, fraction: float) -> None:
            status.update(label=t(f"upload.phase.{phase}", lang))
            bar.progress(min(max(fraction, 0.0), 1.0))

        store = data.store()
        try:
            if mode == "new":
                done = publish.publish_new(store, editor, upload, details, result=p.result,
                                           progress=progress)
            elif mode == "version":
                done = publish.publish_version(store, editor, target, upload, details,
                                               result=p.result, progress=progress)
            else:
                done = publish.append(store, editor, target, upload, result=p.result,
                                      progress=progress)
        except InputError as exc:
            status.update(label=t("upload.phase.failed", lang), state="error")
            show_problems(exc.problems, lang, "upload_publish_errors")
            return False
        except (PermissionError, ValueError, KeyError) as exc:
            status.update(label=t("upload.phase.failed", lang), state="error")
            st.error(t("upload.failed", lang, reason=md(exc)))
            return False
        status.update(label=t("upload.phase.done", lang), state="complete", expanded=False)
    st.session_state[DONE_KEY] = (p.key, done)
    return True


def _done(p: Preview, vs: ViewState) -> None:
    """What the last publish of this file gave, with the link to the new figures."""
    kept = st.session_state.get(DONE_KEY)
    if not kept or kept[0] != p.key:
        return
    done: Published = kept[1]
    lang = vs.lang
    ingest = done.ingest
    info = data.info(ingest.dataset_id)
    name = md(info.name if info else ingest.dataset_id)
    if ingest.created:
        st.success(t("upload.published", lang, name=name,
                     rows=fmt.number(done.rows_added, lang)), icon=":material/check_circle:")
    else:
        st.info(t("upload.identical", lang, name=name))
    # through the app's root: this page's own address would open Upload again
    link = page.app_link(ViewState(dataset=ingest.dataset_id, lang=lang), "upload")
    st.link_button(t("upload.open_new", lang), link, icon=":material/monitoring:",
                   type="primary")
    st.markdown(f"**{t('upload.share', lang)}**")
    st.code(link, language=None, wrap_lines=True)


# --- editors' tools ---------------------------------------------------------------------------


def manage_panel(editor: Editor, lang: str) -> None:
    """Annotate or delete a dataset (any version), and the recent changes with who made them."""
    st.subheader(t("manage.title", lang))
    message = st.session_state.pop(MANAGE_DONE_KEY, None)
    if message:
        st.success(message)
    versions = data.all_versions()
    if versions:
        labels = {d.id: f"{short(d.name)} ({d.id})" for d in versions}
        _valid("manage_dataset", list(labels))
        chosen = st.selectbox(t("manage.dataset", lang), list(labels), key="manage_dataset",
                              format_func=labels.__getitem__)
        ds = next(d for d in versions if d.id == chosen)
        left, right = st.columns(2)
        with left:
            _annotate_form(editor, ds, lang)
        with right:
            _delete_form(editor, ds, lang)
    _audit(lang)


def _annotate_form(editor: Editor, ds: DatasetInfo, lang: str) -> None:
    tz, _ = zone_name(ds.metadata)
    default = (ds.end or pd.Timestamp.now(tz="UTC")).tz_convert(tz)
    st.markdown(f"**{t('manage.annotate_title', lang)}**")
    with st.form(f"manage_annotate_{ds.id}", clear_on_submit=True, border=False):
        day = st.date_input(t("manage.date", lang), value=default.date(), key="manage_date")
        clock = st.time_input(t("manage.time", lang, zone=tz), value=default.time(),
                              step=dt.timedelta(minutes=5), key="manage_time")
        text = st.text_input(t("manage.text", lang), max_chars=publish.ANNOTATION_CHARS,
                             key="manage_text")
        submitted = st.form_submit_button(t("manage.annotate_button", lang),
                                          key="manage_annotate_button")
    if submitted:
        when = dt.datetime.combine(day, clock, tzinfo=ZoneInfo(tz))
        try:
            publish.add_annotation(data.store(), editor, ds.id, when, text)
        except (PermissionError, ValueError, KeyError) as exc:
            st.error(t("manage.failed", lang, reason=md(exc)))
            return
        st.session_state[MANAGE_DONE_KEY] = t("manage.annotated", lang, name=md(ds.name))
        st.rerun()


def _delete_form(editor: Editor, ds: DatasetInfo, lang: str) -> None:
    st.markdown(f"**{t('manage.delete_title', lang)}**")
    sure = st.checkbox(t("manage.delete_confirm", lang, name=md(f"{ds.name} ({ds.id})")),
                       key=f"manage_confirm_{ds.id}")
    if st.button(t("manage.delete_button", lang), key="manage_delete", disabled=not sure,
                 icon=":material/delete:"):
        try:
            publish.delete(data.store(), editor, ds.id)
        except (PermissionError, ValueError, KeyError) as exc:
            st.error(t("manage.failed", lang, reason=md(exc)))
            return
        st.session_state[MANAGE_DONE_KEY] = t("manage.deleted", lang, name=md(ds.name))
        st.rerun()


def _audit(lang: str) -> None:
    """The recent changes: times in the visitor's zone (the browser's, else UTC), datasets by
    name (deleted ones by id)."""
    entries = data.store().audit_log(limit=AUDIT_ROWS)
    if not entries:
        return
    tz, _ = zone_name({"timezone": st.context.timezone})
    names = {d.id: short(d.name, 60) for d in data.all_versions()}
    shown = [names.get(e["dataset_id"]) or (e["dataset_id"] and t(
        "manage.audit_deleted", lang, id=e["dataset_id"])) for e in entries]
    st.markdown(f"**{t('manage.audit_title', lang)}**")
    st.dataframe(pd.DataFrame({
        t("manage.audit_at", lang, zone=tz): pd.array(
            [fmt.when(pd.Timestamp(e["at"]), tz, lang) for e in entries], dtype="string"),
        t("manage.audit_by", lang): pd.array([_who(str(e["by"]), lang) for e in entries],
                                             dtype="string"),
        t("manage.audit_action", lang): pd.array([e["action"] for e in entries],
                                                 dtype="string"),
        t("manage.audit_dataset", lang): pd.array(shown, dtype="string"),
    }), hide_index=True, key="manage_audit")


def _who(by: str, lang: str) -> str:
    """An audit actor as a name: "password:Olena" as Olena, a bundled sample's seeding as such."""
    scheme, _, name = by.partition(":")
    if scheme == "bundled":
        return t("manage.audit_bundled", lang)
    return name if scheme in ("password", "oidc") and name else by
