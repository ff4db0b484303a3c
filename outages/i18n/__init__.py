"""Every user-facing string, in English and Ukrainian.

``t(key, lang, **values)`` looks a message up and fills its ``{placeholders}``. A message with no
Ukrainian text falls back to English. Messages with counts are phrased as "label: {count}" so
that Ukrainian needs no plural forms.

The messages live in catalogs by concern, one module each (``CATALOGS``); a key is defined once.
"""

from __future__ import annotations

import string

from . import outlook, pages, problems, schedules, services, store, upload, view

LANGS = ("en", "uk")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "uk": "Українська"}

CATALOGS = (pages, upload, store, problems, view, schedules, outlook, services)


def _merged() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for catalog in CATALOGS:
        twice = merged.keys() & catalog.MESSAGES.keys()
        if twice:
            raise ValueError(f"{catalog.__name__} repeats messages: {sorted(twice)}")
        merged |= catalog.MESSAGES
    return merged


MESSAGES: dict[str, dict[str, str]] = _merged()


def lang_or_default(lang: str | None) -> str:
    """``lang`` when it is one of LANGS, else the default language."""
    return lang if lang in LANGS else DEFAULT_LANG


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when missing), with ``values`` filled in.

    ``key`` and ``lang`` are positional-only, so messages may use {key} and {lang} placeholders.
    An unknown key raises KeyError: every string shown must be in MESSAGES.
    """
    try:
        texts = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in outages.i18n.MESSAGES") from None
    text = texts.get(lang_or_default(lang)) or texts[DEFAULT_LANG]
    return text.format(**values)
