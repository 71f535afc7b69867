"""Values as QuickStatements V1 writes them: strings that cannot break a command, times.

Parts of a command are separated by a tab or "|", commands by a line break or "||"
(https://www.wikidata.org/wiki/Help:QuickStatements); a string is in double quotes
with no escape, as QuickStatements' own V1 parser reads it (quickstatements3,
quickstatements/apps/core/parsers/base.py). A value with any of those characters is
refused rather than altered. Times are +YYYY-MM-DDT00:00:00Z/precision, with 9 for a
year and 11 for a day (https://www.wikidata.org/wiki/Help:Dates).
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import NkkgError

# What a QuickStatements V1 string cannot hold: its field and command separators and
# its string delimiter (the help page documents no escape), and any line break.
_SYNTAX = {'"': "a double quote", "|": "a '|'", "\t": "a tab"}


class Unencodable(ValueError):
    """A value that a QuickStatements V1 command cannot carry unchanged."""


def qs_string(text: str) -> str:
    """`text` in double quotes, or Unencodable when a character would break the command."""
    for char, name in _SYNTAX.items():
        if char in text:
            raise Unencodable(f"contains {name}")
    if len(text.splitlines()) > 1 or text.endswith(("\n", "\r")) or "\r" in text:
        raise Unencodable("contains a line break")
    if any(ch in text for ch in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        raise Unencodable("contains a line break")
    if text != text.strip():
        raise Unencodable("has leading or trailing spaces, which QuickStatements strips")
    return '"' + text + '"'


def qs_time(term: Node) -> str:
    """An xsd:gYear or xsd:date as a QuickStatements time: year precision 9, day 11."""
    text = str(term)
    if isinstance(term, Literal) and term.datatype == XSD.gYear:
        return f"+{int(text):04d}-00-00T00:00:00Z/9"
    if re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
        return f"+{text}T00:00:00Z/11"
    raise NkkgError(f"cannot write '{text}' as a QuickStatements time")
