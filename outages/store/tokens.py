"""API tokens in the store: what lets a script publish through the data API (outages.api).

A token is shown once, when it is made; the store keeps only its SHA-256 (a token is 256
random bits, so a plain hash is enough: nothing to guess from it). Each token has a name (for
the audit log: ``token:NAME``) and a scope: one dataset, any version of it (its id when the
token was made, followed through later versions), or ``*`` (every dataset, and new ones).
Making and revoking a token go to the audit log in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from outages.store.catalog import _audit
from outages.store.tables import api_tokens, datasets, now_iso

if TYPE_CHECKING:
    from outages.store.catalog import Store

PREFIX = "otk_"  # so a token found in a log or a repository is recognisable
EVERY = "*"  # the scope of a token for every dataset, new ones included
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_T = api_tokens.c


@dataclass(frozen=True)
class Token:
    """A stored token (never the secret itself)."""

    name: str
    scope: str
    created_at: str
    created_by: str
    revoked_at: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "scope": self.scope, "created_at": self.created_at,
                "created_by": self.created_by, "revoked_at": self.revoked_at}


def digest(token: str) -> str:
    """The SHA-256 (hex) of a token's UTF-8 bytes: what the store keeps."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _row(row: sa.Row) -> Token:
    return Token(row.name, row.scope, row.created_at, row.created_by, row.revoked_at)


def create(store: Store, name: str, scope: str, *, by: str = "cli") -> str:
    """Make a token named ``name`` for ``scope`` (a dataset id or ``*``) and return it: the
    only time it is seen. ValueError for a bad or taken name; KeyError for an unknown dataset."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValueError("a token name is 1-80 letters, digits, '.', '_' or '-', starting "
                         "with a letter or digit")
    token = PREFIX + secrets.token_urlsafe(32)

    def tx(conn: sa.Connection) -> str:
        if scope != EVERY and conn.execute(
                sa.select(datasets.c.id).where(datasets.c.id == scope)).first() is None:
            raise KeyError(scope)
        if conn.execute(sa.select(_T.seq).where(_T.name == name)).first() is not None:
            raise ValueError(f"a token named {name!r} exists already (revoked ones too): "
                             "choose another name")
        conn.execute(api_tokens.insert().values(
            name=name, token_sha256=digest(token), scope=scope, created_at=now_iso(),
            created_by=by))
        _audit(conn, "token_created", None if scope == EVERY else scope, by,
               {"token": name, "scope": scope})
        return token
    return store._write(tx, what="making an API token")


def revoke(store: Store, name: str, *, by: str = "cli") -> Token:
    """Revoke the token named ``name`` (KeyError when there is none); revoking twice is
    harmless and the first time is kept."""
    def tx(conn: sa.Connection) -> Token:
        row = conn.execute(sa.select(api_tokens).where(_T.name == name)).first()
        if row is None:
            raise KeyError(name)
        if row.revoked_at is None:
            conn.execute(api_tokens.update().where(_T.seq == row.seq).values(
                revoked_at=now_iso()))
            _audit(conn, "token_revoked", None if row.scope == EVERY else row.scope, by,
                   {"token": name})
        return _row(conn.execute(sa.select(api_tokens).where(_T.seq == row.seq)).one())
    return store._write(tx, what="revoking an API token")


def listed(store: Store) -> list[Token]:
    """Every token, oldest first, revoked ones included."""
    return store._read(lambda conn: [
        _row(r) for r in conn.execute(sa.select(api_tokens).order_by(_T.seq)).all()])


def find(store: Store, token: str) -> Token | None:
    """The live (not revoked) token whose hash matches, else None."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 200:
        return None
    query = sa.select(api_tokens).where(_T.token_sha256 == digest(token),
                                        _T.revoked_at.is_(None))
    row = store._read(lambda conn: conn.execute(query).first())
    return None if row is None else _row(row)


def lineage(store: Store, dataset_id: str) -> list[str]:
    """``dataset_id`` and every earlier version of it (following ``replaces``), newest first."""
    def tx(conn: sa.Connection) -> list[str]:
        links = dict(conn.execute(sa.select(datasets.c.id, datasets.c.replaces)).all())
        chain, current = [], dataset_id
        while current is not None and current in links and current not in chain:
            chain.append(current)
            current = links[current]
        return chain
    return store._read(tx)
