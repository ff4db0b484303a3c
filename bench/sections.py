"""Sections of bench/RESULTS.md that other commands own.

``python -m bench`` rewrites the file; the load bench (``## Load over the proxy``) and the
outlook backtest (``## Restoration outlook backtest``) each own a section of it, kept across
that rewrite and replaced only by their own command.
"""

from __future__ import annotations


def section_of(text: str, heading: str) -> str:
    """The section under ``heading`` (up to the next ``## `` heading), or ""."""
    if text.startswith(f"{heading}\n"):
        start = 0
    else:
        start = text.find(f"\n{heading}\n")
        if start < 0:
            return ""
        start += 1
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end + 1]


def replace_section(text: str, section: str, heading: str) -> str:
    """``text`` with its section under ``heading`` replaced by ``section`` (appended when it
    has none)."""
    section = section.rstrip("\n") + "\n"
    old = section_of(text, heading)
    if old:
        return text.replace(old, section if text.endswith(old) else section + "\n", 1)
    return text.rstrip("\n") + "\n\n" + section


def keep_section(old_text: str, new_text: str, heading: str) -> str:
    """``new_text`` with the section under ``heading`` carried over from ``old_text``."""
    kept = section_of(old_text, heading)
    return replace_section(new_text, kept, heading) if kept else new_text
