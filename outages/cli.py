"""The command line: ingest, list, summary, export, delete, annotate, token.

Every command that prints data prints JSON on stdout (``list`` prints a table unless ``--json``).
Exit codes: 0 done, 1 no such dataset, 2 bad input (the message on stderr names file, row and
column; nothing is stored) or a store that cannot be used (read-only, disk full, not a
database, PostgreSQL not answering: one line on stderr saying why and where).
"""

from __future__ import annotations

import json
import shutil
import sys
import weakref
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from . import metrics, prepared
from .cli_args import parser as _parser
from .errors import InputError
from .store import default_url, open_store

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


def _iso(ts) -> str | None:
    if ts is None or pd.isna(ts):
        return None
    return pd.Timestamp(ts).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _url(args) -> str:
    return getattr(args, "db_sub", None) or args.db or default_url()


def _store(args, *, seed: bool = True):
    """The store, with the bundled samples put in on first use (``seed``). Ingest does not seed
    (a large file's ingest need not also read them), nor does a command on a dataset the store
    already holds; listing, the dashboard and a command naming a sample do."""
    store = open_store(_url(args))
    args.opened.append(store)  # closed when the command ends (``main``)
    dataset = getattr(args, "dataset", None)
    if seed and not (dataset and store.get(dataset) is not None):
        from . import bundled

        bundled.ensure(store)
    return store


def cmd_ingest(args, out, err) -> int:
    from . import publish, staging
    from .progress import Progress
    from .readers import read_path
    from .readers.base import Options
    from .store import codec

    if args.name is not None:  # before reading what may be a large file
        publish.check_text({"name": args.name}, {"file_name": args.file.name})
    progress = Progress(err, enabled=args.file.exists() and args.file.stat().st_size > 20_000_000)
    progress.phase("reading")
    opened: list = []

    def store_once():  # opened when first needed: by a large file's staging, else to write
        if not opened:
            opened.append(_store(args, seed=False))
        return opened[0]
    # the pre-aggregates and the store's columnar copy are made while the reader's last
    # checks run (two threads), and used only if the file passes them with those columns; a
    # large EAGLE-I file is staged a group of counties at a time instead (``staging``), beside
    # the store's pre-aggregates, so that they are moved, not copied, into place
    with staging.Stage(lambda: prepared.cache_folder(store_once()), progress) as stage, \
            ThreadPoolExecutor(max_workers=2) as pool:
        early: dict = {}

        def begin(enc: codec.Encoded) -> None:
            early.update(enc=weakref.ref(enc), ready=pool.submit(prepared.prepare_encoded, enc),
                         blob=pool.submit(codec.to_blob_parts, enc))
        result = read_path(args.file, format=args.format,
                           options=Options(service=args.service, tz=args.tz,
                                           event_types=args.event_types), encoded=True,
                           while_checking=begin, stage=stage)
        rows = result.table if result.encoded is None else result.encoded
        if stage.staged is not None:
            early = {"ready": None, "adopt": stage.staged}
        elif not (result.encoded is not None and early and early["enc"]() is result.encoded):
            early = {"ready": pool.submit(prepared.prepare_encoded, rows)
                     if result.encoded is not None else None}
        for warning in result.warnings[:20]:
            print(f"warning: {warning}", file=err)
        if len(result.warnings) > 20:
            print(f"warning: ... and {len(result.warnings) - 20} more", file=err)
        for reason, count in result.skipped.items():
            print(f"skipped {count} rows: {reason}", file=err)
        meta = dict(result.metadata)
        meta.update(format=result.format, encoding=result.encoding, skipped=result.skipped,
                    file_name=args.file.name)
        fields = {"name": args.name or meta.get("name") or args.file.name,
                  **{key: meta.get(key, "") for key in ("description", "source", "licence")}}
        publish.check_text(fields, meta)
        store = store_once()
        # pre-aggregates for the dashboard, so its first visit need not build them: cached
        # (under the content's hash) while the rows are written, as soon as they are built
        ready = early["ready"]
        cached = ready and pool.submit(
            lambda: prepared.cache_content(store, rows.sha256, ready.result()))
        if "adopt" in early:  # staged: built already
            cached = pool.submit(prepared.adopt, store, rows.sha256, rows.prepared)
        progress.phase("writing")
        try:
            res = store.ingest(rows, **fields, metadata=meta, created_by="cli",
                               replaces=args.replaces, progress=progress.update,
                               blob=early.get("blob"))
        except BaseException:  # nothing stored: nor their pre-aggregates
            if cached and (place := cached.result()) is not None:
                shutil.rmtree(place, ignore_errors=True)
            raise
    if res.created and not cached:
        progress.phase("preparing the dashboard's aggregates")
        prepared.cache(store, res.dataset_id, rows)
    progress.done()
    if not res.created:
        print(f"identical content is already stored as {res.dataset_id}: nothing new written",
              file=err)
    json.dump({"dataset": res.dataset_id, "rows": res.rows, "regions": res.regions,
               "services": list(res.services), "start": _iso(res.start), "end": _iso(res.end),
               "created": res.created, "skipped": result.skipped,
               "warnings": len(result.warnings)}, out)
    out.write("\n")
    return 0


def cmd_list(args, out, err) -> int:
    infos = _store(args).list_datasets(include_superseded=args.all)
    if args.json:
        json.dump([i.to_json() for i in infos], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    if not infos:
        print("no datasets yet: add one with `python -m outages ingest FILE`", file=out)
    for i in infos:
        doc = i.to_json()
        print(f"{doc['id']}\t{doc['rows']:>10,} rows\t{','.join(doc['services'])}\t"
              f"{doc.get('start') or ''} .. {doc.get('end') or ''}\t{doc['name']}", file=out)
    return 0


def cmd_summary(args, out, err) -> int:
    # one path for every figure: the pre-aggregates the dashboard reads (cached beside the
    # store at ingest), not the raw rows
    store = _store(args)
    figures = prepared.load(store, args.dataset)
    window = metrics.Window(service=args.service, regions=tuple(args.region),
                            start=args.start, end=args.end)
    info = store.get(args.dataset)
    if window.outside(info.start, info.end):  # figures carried past the data: refused
        print(f"error: the window {_iso(window.start) or '…'} .. {_iso(window.end) or '…'} "
              f"holds none of the dataset's times ({_iso(info.start)} .. {_iso(info.end)}): "
              "its figures would be counts carried past the data; choose a window that "
              "overlaps them", file=err)
        return EXIT_BAD_INPUT
    doc = {"dataset": args.dataset,
           "services": [s.to_json() for s in figures.summary(window)]}
    if args.by_region:
        regions = figures.by_region(window)
        doc["regions"] = json.loads(regions.to_json(orient="records", date_format="iso"))
    json.dump(doc, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return 0


def cmd_export(args, out, err) -> int:
    from . import export

    store = _store(args)
    table = store.load(args.dataset)
    info = store.get(args.dataset)
    meta = {k: v for k, v in info.to_json().items() if k not in ("rows",)}
    args.output.write_bytes(export.export(table, args.format, meta))
    json.dump({"dataset": args.dataset, "format": args.format, "rows": len(table),
               "path": str(args.output)}, out)
    out.write("\n")
    return 0


def cmd_delete(args, out, err) -> int:
    _store(args).delete(args.dataset, by="cli")
    json.dump({"deleted": args.dataset}, out)
    out.write("\n")
    return 0


def cmd_annotate(args, out, err) -> int:
    _store(args).add_annotation(args.dataset, args.at, args.text, by="cli")
    json.dump({"dataset": args.dataset, "timestamp": _iso(args.at), "text": args.text}, out,
              ensure_ascii=False)
    out.write("\n")
    return 0


def cmd_token(args, out, err) -> int:
    from .store import tokens

    store = _store(args)
    if args.action == "create":
        try:
            secret = tokens.create(store, args.name, tokens.EVERY if args.all else args.dataset)
        except ValueError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_BAD_INPUT
        print("keep this token now: it is not shown again", file=err)
        json.dump({"name": args.name, "scope": tokens.EVERY if args.all else args.dataset,
                   "token": secret}, out)
    elif args.action == "revoke":
        try:
            json.dump(tokens.revoke(store, args.name).to_json(), out)
        except KeyError:
            print(f"error: no token named {args.name!r}; see `python -m outages token list`",
                  file=err)
            return EXIT_NOT_FOUND
    else:
        json.dump([t.to_json() for t in tokens.listed(store)], out, indent=1)
    out.write("\n")
    return 0


COMMANDS = {"ingest": cmd_ingest, "list": cmd_list, "summary": cmd_summary,
            "export": cmd_export, "delete": cmd_delete, "annotate": cmd_annotate,
            "token": cmd_token}


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _parser().parse_args(argv)
    args.opened = []
    try:
        return COMMANDS[args.command](args, out, err)
    except InputError as exc:
        print(f"error: {exc}", file=err)
        print("nothing was stored.", file=err)
        return EXIT_BAD_INPUT
    except KeyError as exc:
        print(f"error: no dataset {exc.args[0]!r} in the store; see `python -m outages list`",
              file=err)
        return EXIT_NOT_FOUND
    except Exception as exc:
        from .store.failures import diagnose

        failure = diagnose(exc, _url(args))
        if failure is not None and not _output_error(exc, args):
            print(f"error: {failure.line()}", file=err)
        elif isinstance(exc, OSError):  # the input file, or the export's output
            print(f"error: {exc.strerror or exc}: {exc.filename or getattr(args, 'output', '')}",
                  file=err)
        else:
            raise
        return EXIT_BAD_INPUT
    finally:  # each store's checkpoints waited for and its connections closed
        for store in args.opened:
            try:
                store.close()
            except Exception as exc:  # what the command did is done; say so and go on
                print(f"warning: closing the store: {exc}", file=err)


def _output_error(exc: Exception, args) -> bool:
    """True for a failure to write the export's output file (not the store)."""
    return isinstance(exc, OSError) and getattr(args, "output", None) is not None and (
        exc.filename in (None, str(args.output)))
