"""The page frame and small HTML helpers shared by every page of the site.

Every text that comes from the data passes through `esc`; every link and
style is relative, so the site opens from disk and asks no server for anything.
"""

from __future__ import annotations

import re
from html import escape

CSS = """
body{font-family:sans-serif;max-width:72em;margin:1em auto;padding:0 1em;color:#111;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #999;padding:.2em .5em;
text-align:left;vertical-align:top}th{background:#eee}pre{background:#f4f4f4;padding:.5em;
overflow-x:auto}nav a{margin-right:1em}svg{max-width:100%;height:auto}.note{color:#444}
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


_KOREAN = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+|[\u4e00-\u9fff\uf900-\ufaff]+")


def korean_lang(text: str) -> str:
    """ko-Hang or ko-Hani for a name written in Korean script (a unit with no romanized
    name), else "": the tag for an element that holds the name and cannot hold a span."""
    match = _KOREAN.search(text)
    if match is None or re.search("[A-Za-z]", text):
        return ""
    return _script_tag(match.group())


def _script_tag(run: str) -> str:
    """The tag of a run _KOREAN matched: Hanja (CJK ideographs) or Hangul."""
    return "ko-Hani" if "\u4e00" <= run[0] <= "\u9fff" or run[0] >= "\uf900" else "ko-Hang"


def esc_text(text: object) -> str:
    """Escaped, with each run of Hangul or Hanja in a note marked as Korean (ko-Hang,
    ko-Hani), so that a screen reader and the fonts switch for it inside English text."""
    out, last = [], 0
    value = str(text)
    for match in _KOREAN.finditer(value):
        out.append(esc(value[last : match.start()]))
        out.append(f'<span lang="{_script_tag(match.group())}">{esc(match.group())}</span>')
        last = match.end()
    out.append(esc(value[last:]))
    return "".join(out)


def page(title: str, body: str, *, root: str = "", lang: str = "en", head: str = "") -> str:
    """A whole HTML document; `root` is the relative path back to the site folder."""
    korean = korean_lang(title)
    title_lang = f' lang="{korean}"' if korean else ""
    nav = (
        f'<nav><a href="{root}index.html">Home</a><a href="{root}ontology.html">Ontology</a>'
        f'<a href="{root}queries.html">Queries</a><a href="{root}sources.html">Sources</a>'
        f'<a href="{root}../metadata.ttl">Metadata</a></nav>'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title{title_lang}>{esc(title)}</title>\n<style>{CSS}</style>\n{head}</head>\n"
        f"<body>\n{nav}\n<h1>{esc_text(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def table(
    headers: list[str],
    rows: list[list[str]],
    *,
    raw: bool = False,
    ids: list[str | None] | None = None,
) -> str:
    """An HTML table; cells are escaped unless `raw` (the caller escaped them). `ids` gives
    each row an id, the anchor an IRI's fragment points to."""
    cell = (lambda c: c) if raw else esc_text
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    marks = ids or [None] * len(rows)
    body = "".join(
        (f'<tr id="{esc(mark)}">' if mark else "<tr>")
        + "".join(f"<td>{cell(c)}</td>" for c in row)
        + "</tr>\n"
        for row, mark in zip(rows, marks, strict=True)
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>"
