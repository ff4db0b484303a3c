import dataclasses

import pandas as pd
import pytest

from outages import publish
from outages.auth import Editor, oidc_editor
from outages.errors import InputError
from outages.limits import MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS
from outages.publish import Details, Upload
from outages.readers.base import Options

PASSWORD = "a long test password"  # noqa: S105 (a test password)

FIRST = (b"time,region_id,region_name,service,customers_out\n"
         b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
         b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n"
         b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n")
NEWER = (b"time,region_id,region_name,service,customers_out\n"
         b"2025-10-10T12:00:00+03:00,UA-30,Kyiv,power,500\n"
         b"2025-10-10T10:00:00+03:00,UA-46,Lviv,power,0\n"
         b"2025-10-10T08:00:00+03:00,UA-51,Odesa,power,50\n"
         b"2025-10-10T08:00:00+03:00,UA-30,Kyiv,water,70\n")
CORRECTED = FIRST.replace(b"1200", b"1250")
JSON_WITH_NOTES = (b'{"name": "Strike day", "source": "Ministry", "annotations": '
                   b'[{"timestamp": "2025-10-10T05:30:00+03:00", "text": "Strike"}], '
                   b'"data": [{"time": "2025-10-10T06:00:00+03:00", "region": "Kyiv", '
                   b'"service": "power", "customers_out": 5}]}')


def ts(text):
    return pd.Timestamp(text).tz_convert("UTC")


def test_new_dataset_records_who_and_the_file(store, editor):
    result = publish.publish_new(store, editor, Upload(FIRST, "C:\\Users\\me\\kyiv.csv"),
                                 Details(description="Figures from the city"))
    info = store.get(result.ingest.dataset_id)
    assert result.ingest.created and result.rows_added == 3
    assert info.name == "kyiv"  # the file name without its extension
    assert info.description == "Figures from the city"
    assert info.created_by == "password:Olena"
    assert info.metadata["file_name"] == "kyiv.csv"
    assert info.metadata["format"] == "csv"
    entry = store.audit_log(limit=1)[0]
    assert (entry["action"], entry["by"], entry["dataset_id"]) == (
        "ingest", "password:Olena", result.ingest.dataset_id)


def test_file_metadata_fills_blank_details(store, editor):
    result = publish.publish_new(store, editor, Upload(JSON_WITH_NOTES, "x.json"))
    info = store.get(result.ingest.dataset_id)
    assert (info.name, info.source) == ("Strike day", "Ministry")
    assert store.annotations(info.id)["text"].tolist() == ["Strike"]


def test_mapping_and_zone_from_the_upload_form(store, editor):
    data = ("Коли,Де,Скільки\n10.10.2025 06:00,Київ,1200\n10.10.2025 07:00,Київ,900\n"
            .encode())
    options = Options(service="power", tz="Europe/Kyiv",
                      mapping={"timestamp": "Коли", "region_id": "Де",
                               "customers_out": "Скільки"})
    result = publish.publish_new(store, editor, Upload(data, "x.csv", options=options))
    table = store.load(result.ingest.dataset_id)
    assert table["timestamp"].tolist() == [ts("2025-10-10T03:00Z"), ts("2025-10-10T04:00Z")]
    assert store.get(result.ingest.dataset_id).metadata["timezone"] == "Europe/Kyiv"


def test_identical_content_is_not_stored_twice(store, editor):
    first = publish.publish_new(store, editor, Upload(FIRST, "a.csv"), Details(name="A"))
    again = publish.publish_new(store, editor, Upload(FIRST, "b.csv"), Details(name="B"))
    assert not again.ingest.created
    assert again.ingest.dataset_id == first.ingest.dataset_id
    assert len(store.list_datasets()) == 1


def test_new_version_replaces_and_keeps_annotations(store, editor):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv"),
                              Details(name="Kyiv", source="KyivCity")).ingest.dataset_id
    publish.add_annotation(store, editor, old, "2025-10-10T06:30:00+03:00", "Strike")
    new = publish.publish_version(store, editor, old, Upload(CORRECTED, "b.csv")).ingest
    assert new.replaces == old
    info = store.get(new.dataset_id)
    assert (info.name, info.source) == ("Kyiv", "KyivCity")
    assert store.get(old).superseded_by == new.dataset_id
    assert [d.id for d in store.list_datasets()] == [new.dataset_id]
    assert store.load(new.dataset_id)["customers_out"].tolist()[0] == 1250
    notes = store.annotations(new.dataset_id)
    assert notes["text"].tolist() == ["Strike"]
    assert notes["timestamp"].tolist() == [ts("2025-10-10T03:30Z")]
    assert store.audit_log(limit=1)[0]["action"] == "replace"


def test_only_the_newest_version_is_changed(store, editor):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    publish.publish_version(store, editor, old, Upload(CORRECTED, "b.csv"))
    before = store.content_hash()
    with pytest.raises(ValueError, match="has a newer version"):
        publish.publish_version(store, editor, old, Upload(NEWER, "c.csv"))
    with pytest.raises(ValueError, match="has a newer version"):
        publish.append(store, editor, old, Upload(NEWER, "c.csv"))
    with pytest.raises(KeyError):
        publish.append(store, editor, "no-such-dataset", Upload(NEWER, "c.csv"))
    assert store.content_hash() == before


def test_append_adds_newer_rows_as_a_new_version(store, editor):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv"), Details(name="Kyiv"))
    publish.add_annotation(store, editor, old.ingest.dataset_id, "2025-10-10T03:30Z", "Strike")
    result = publish.append(store, editor, old.ingest.dataset_id, Upload(NEWER, "b.csv"))
    assert result.rows_added == 4
    new = result.ingest
    assert new.replaces == old.ingest.dataset_id and new.rows == 7
    table = store.load(new.dataset_id)
    kyiv = table[(table["region_id"] == "UA-30") & (table["service"] == "power")]
    assert kyiv["customers_out"].tolist() == [1200, 800, 500]
    assert set(table["region_id"]) == {"UA-30", "UA-46", "UA-51"}
    assert set(table["service"]) == {"power", "water"}
    info = store.get(new.dataset_id)
    assert info.name == "Kyiv"
    assert info.metadata["appended_files"] == ["b.csv"]
    assert store.annotations(new.dataset_id)["text"].tolist() == ["Strike"]
    assert store.audit_log(limit=1)[0]["by"] == "password:Olena"


def test_append_keeps_the_datasets_region_names(store, editor):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    renamed = NEWER.replace(b"UA-30,Kyiv,power", b"UA-30,Kyiv City,power")
    result = publish.append(store, editor, old, Upload(renamed, "b.csv"))
    table = store.load(result.ingest.dataset_id)
    assert set(table.loc[table["region_id"] == "UA-30", "region_name"]) == {"Kyiv"}
    assert any("named 'Kyiv City' in the file but 'Kyiv' in the dataset" in w.message
               for w in result.warnings)


@pytest.mark.parametrize("data,rows,words", [
    # the same time as the last stored one
    (b"time,region_id,service,customers_out\n2025-10-10T12:00:00+03:00,UA-30,power,1\n"
     b"2025-10-10T09:00:00+03:00,UA-30,power,800\n", [3],
     "2025-10-10 06:00 UTC is not after the last figure stored for region 'UA-30' (power), "
     "2025-10-10 06:00 UTC"),
    # an earlier time, and a second region overlapping too: rows in file order
    (b"time,region_id,service,customers_out\n2025-10-10T06:30:00+03:00,UA-46,power,9\n"
     b"2025-10-10T12:00:00+03:00,UA-30,power,1\n2025-10-10T08:00:00+03:00,UA-30,power,7\n",
     [2, 4], "is not after the last figure stored"),
])
def test_append_rejects_rows_that_are_not_newer(store, editor, data, rows, words):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    before = store.content_hash()
    with pytest.raises(InputError) as caught:
        publish.append(store, editor, old, Upload(data, "late.csv"))
    problems = caught.value.problems
    assert [p.row for p in problems] == rows
    assert {p.column for p in problems} == {"time"}
    assert {p.file for p in problems} == {"late.csv"}
    assert words in problems[0].message
    assert store.content_hash() == before


def test_append_of_a_wide_file_names_the_rows(store, editor):
    old = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    wide = b"time,UA-30,UA-46\n2025-10-10T13:00:00+03:00,100,\n2025-10-10T06:30:00+03:00,,4\n"
    with pytest.raises(InputError) as caught:
        publish.append(store, editor, old,
                       Upload(wide, "wide.csv", options=Options(service="power")))
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "time")]


def test_annotations_and_deletes_are_audited(store, editor):
    first = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    publish.add_annotation(store, editor, first, pd.Timestamp("2025-10-10T06:00Z"),
                           "  Second\nstrike  ")
    assert store.annotations(first)["text"].tolist() == ["Second strike"]
    publish.delete(store, editor, first)
    assert store.get(first) is None
    actions = [(e["action"], e["by"]) for e in store.audit_log(limit=3)]
    assert actions == [("delete", "password:Olena"), ("annotate", "password:Olena"),
                       ("ingest", "password:Olena")]


@pytest.mark.parametrize("when,text,error", [
    ("2025-10-10 06:00", "Strike", ValueError),  # no zone
    ("not a time", "Strike", ValueError),
    ("2025-10-10T06:00Z", "   ", ValueError),
    ("2025-10-10T06:00Z", "x" * 501, ValueError),
])
def test_bad_annotations_store_nothing(store, editor, when, text, error):
    first = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    before = store.content_hash()
    with pytest.raises(error):
        publish.add_annotation(store, editor, first, when, text)
    assert store.content_hash() == before


def forged(real: Editor) -> list[object]:
    return [None, "editor", True,
            Editor("password:x", "password", real.issued_at, real.expires_at, b"0" * 32),
            dataclasses.replace(real, who="password:mallory")]


@pytest.mark.parametrize("index", range(5))
def test_without_a_real_editor_nothing_can_be_changed(store, editor, index):
    first = publish.publish_new(store, editor, Upload(FIRST, "a.csv")).ingest.dataset_id
    fake = forged(editor)[index]
    before = store.content_hash()
    audit = store.audit_log()
    calls = [
        lambda: publish.publish_new(store, fake, Upload(NEWER, "b.csv")),
        lambda: publish.publish_version(store, fake, first, Upload(NEWER, "b.csv")),
        lambda: publish.append(store, fake, first, Upload(NEWER, "b.csv")),
        lambda: publish.add_annotation(store, fake, first, "2025-10-10T06:00Z", "x"),
        lambda: publish.delete(store, fake, first),
    ]
    for call in calls:
        with pytest.raises(PermissionError):
            call()
    assert store.content_hash() == before
    assert store.audit_log() == audit


def test_an_oidc_editor_is_named_by_e_mail(store):
    editor = oidc_editor({"is_logged_in": True, "email": "Alice@Example.org"},
                         frozenset({"alice@example.org"}))
    result = publish.publish_new(store, editor, Upload(FIRST, "a.csv"))
    assert store.get(result.ingest.dataset_id).created_by == "oidc:alice@example.org"


class Left(Exception):
    """Stands for Streamlit stopping the script when the person leaves the page."""


def test_leaving_while_writing_leaves_no_half_dataset(store, editor):
    publish.publish_new(store, editor, Upload(FIRST, "a.csv"))
    before = store.content_hash()
    store.chunk_rows = 1
    phases = []

    def progress(phase, fraction):
        phases.append((phase, fraction))
        if phase == "writing" and 0 < fraction < 1:
            raise Left

    with pytest.raises(Left):
        publish.publish_new(store, editor, Upload(NEWER, "b.csv"), progress=progress)
    assert phases[:2] == [("reading", 0.0), ("reading", 1.0)]
    assert store.content_hash() == before
    assert store.integrity_check() == []
    assert len(store.list_datasets()) == 1


@pytest.mark.parametrize("name,shown", [
    ("report.csv", "report.csv"),
    ("../../etc/passwd", "passwd"),
    ("C:\\temp\\x.csv", "x.csv"),
    ("a\nb\x00.csv", "a b .csv"),
    ("", "upload"),
    ("dir/", "upload"),
    ("x" * 300 + ".csv", "x" * 200),
])
def test_file_names_are_display_text(name, shown):
    assert publish.display_name(name) == shown


def test_a_preview_writes_nothing(store, editor):
    publish.publish_new(store, editor, Upload(FIRST, "a.csv"))
    before = store.content_hash()
    audit = store.audit_log()
    result = publish.read(Upload(NEWER, "b.csv"))
    assert len(result.table) == 4
    assert store.content_hash() == before and store.audit_log() == audit


@pytest.mark.parametrize("upload,details,column,limit", [
    (Upload(b'{"description": "' + b"x" * 10_001 + b'", "data": [{"time": '
            b'"2025-10-10T06:00:00Z", "region": "Kyiv", "service": "power", '
            b'"customers_out": 5}]}', "long.json"), None, "description", MAX_DESCRIPTION_CHARS),
    (Upload(FIRST, "long.csv"), Details(name="n" * 10_001), "name", MAX_NAME_CHARS),
    (Upload(FIRST, "long.csv"), Details(name="n" * (MAX_NAME_CHARS + 1)), "name",
     MAX_NAME_CHARS),
    (Upload(FIRST, "long.csv"), Details(source="s" * (MAX_DESCRIPTION_CHARS + 1)), "source",
     MAX_DESCRIPTION_CHARS),
])
def test_catalog_text_over_the_limit_is_rejected_by_field(store, editor, upload, details,
                                                          column, limit):
    before = store.content_hash()
    with pytest.raises(InputError) as caught:
        publish.publish_new(store, editor, upload, details)
    problem = caught.value.problems[0]
    assert (problem.file, problem.column) == (upload.filename, column)
    assert f"characters long; the limit is {limit:,}" in problem.message
    assert store.content_hash() == before


def test_a_name_at_the_limit_is_kept(store, editor):
    kept = publish.publish_new(store, editor, Upload(FIRST, "k.csv"),
                               Details(name="x" * MAX_NAME_CHARS))
    assert store.get(kept.ingest.dataset_id).name == "x" * MAX_NAME_CHARS


def test_appending_to_a_bundled_sample_makes_an_uploaded_version(store, editor):
    table = publish.read(Upload(FIRST, "a.csv")).table
    sample = store.ingest(table, name="Sample", metadata={"bundled": "kyiv-strike-day"},
                          created_by="bundled:kyiv-strike-day").dataset_id
    result = publish.append(store, editor, sample, Upload(NEWER, "b.csv"))
    assert "bundled" not in store.get(result.ingest.dataset_id).metadata

