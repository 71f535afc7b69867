"""Text from the data made safe to show: control, format and bidi characters made visible.

A label may hold an escape sequence (ESC [ ... m, OSC 8 links), a right-to-left
override or a newline. Printed raw it restyles the terminal, reorders the line
or splits a table row; every table cell, report line and error line goes
through visible() first, so the user sees `\\x1b` or `\\u202e` instead.
"""

from __future__ import annotations

import json
import unicodedata

# Cc: C0/C1 controls (ESC, BEL, CR, LF, DEL, CSI...); Cf: format characters, which
# include the bidi embeddings, overrides and isolates and the zero-width ones;
# Zl/Zp: line and paragraph separators; Cs: lone surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every control, format and separator character written as an escape."""
    if text.isprintable():  # the common case, in C
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


def json_line(data: object) -> str:
    """One JSON Lines record: compact, UTF-8 text, one line (newlines in values are escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def plural(count: int, noun: str) -> str:
    """`1 row`, `2 rows`: the one pluralizer of every count a person reads."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
