"""API tokens in the store (hashed, scoped, audited) and the Editor they mint."""

import pandas as pd
import pytest
import sqlalchemy as sa

from outages import auth, publish
from outages.publish import Upload
from outages.store import tokens
from outages.store.tables import api_tokens

FIRST = (b"time,region_id,region_name,service,customers_out\n"
         b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n")
NEWER = (b"time,region_id,region_name,service,customers_out\n"
         b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")


def _dataset(store, name="Feed") -> str:
    table = publish.read(Upload(FIRST, "f.csv")).table
    return store.ingest(table, name=name, created_by="tests").dataset_id


def test_only_the_hash_is_stored_and_making_and_revoking_are_audited(store):
    secret = tokens.create(store, "feed", tokens.EVERY, by="tests")
    assert secret.startswith(tokens.PREFIX) and len(secret) > 40
    with store.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.select(api_tokens)).all()]
    assert secret not in repr(rows) and tokens.digest(secret) in repr(rows)
    assert tokens.find(store, secret).name == "feed"
    tokens.revoke(store, "feed", by="tests")
    tokens.revoke(store, "feed", by="tests")  # harmless
    assert tokens.find(store, secret) is None
    actions = [e["action"] for e in store.audit_log(10)]
    assert actions == ["token_revoked", "token_created"]
    assert all(secret not in str(e) for e in store.audit_log(10))


@pytest.mark.parametrize("name", ["", "a b", "-x", "x" * 81, "ключ"])
def test_bad_names_are_refused(store, name):
    with pytest.raises(ValueError):
        tokens.create(store, name, tokens.EVERY)


def test_names_are_unique_and_scopes_must_exist(store):
    tokens.create(store, "feed", tokens.EVERY)
    with pytest.raises(ValueError, match="exists"):
        tokens.create(store, "feed", tokens.EVERY)
    with pytest.raises(KeyError):
        tokens.create(store, "other", "no-such-dataset")
    with pytest.raises(KeyError):
        tokens.revoke(store, "nobody")


def test_a_token_edits_its_dataset_and_later_versions_only(store):
    mine = _dataset(store, "Mine")
    other_table = publish.read(Upload(FIRST.replace(b"1200", b"7"), "o.csv")).table
    other = store.ingest(other_table, name="Other", created_by="tests").dataset_id
    secret = tokens.create(store, "mine", mine)
    editor = auth.token_editor(store, secret, mine)
    assert editor.who == "token:mine" and auth.verify(editor) is editor
    done = publish.append(store, editor, mine, Upload(NEWER, "n.csv"))
    newer = done.ingest.dataset_id
    assert store.audit_log(1)[0]["by"] == "token:mine"
    assert auth.token_editor(store, secret, newer).who == "token:mine"  # follows versions
    for target, status in ((other, 403), (None, 403)):
        with pytest.raises(auth.TokenRefused) as refused:
            auth.token_editor(store, secret, target)
        assert refused.value.status == status
    for bad in (None, "", "otk_wrong", secret + "x", 42):
        with pytest.raises(auth.TokenRefused) as refused:
            auth.token_editor(store, bad, mine)
        assert refused.value.status == 401
    assert pd.Timestamp(store.get(newer).end) > pd.Timestamp(store.get(mine).end)


def test_the_command_line_makes_lists_and_revokes_tokens(tmp_path):
    import io
    import json

    from outages.cli import main

    db = str(tmp_path / "o.db")

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        return main(["--db", db, "token", *argv], out, err), out.getvalue(), err.getvalue()

    code, out, err = run("create", "feed", "--all")
    assert code == 0 and "not shown again" in err
    secret = json.loads(out)["token"]
    code, out, _ = run("list")
    assert secret not in out and json.loads(out)[0]["name"] == "feed"
    assert run("create", "feed", "--all")[0] == 2
    assert run("create", "x", "--dataset", "nope")[0] == 1
    assert json.loads(run("revoke", "feed")[1])["revoked_at"]
    assert run("revoke", "nobody")[0] == 1
