"""A server's reason for an error, out of whatever body it sent: plain text, HTML or JSON.

Stores answer errors in many shapes (Virtuoso: an HTML page; Fuseki and
Oxigraph: plain text; others JSON). The reason is shown whole, on one line,
so the user reads what the server said rather than markup or a cut-off.
"""

from __future__ import annotations

import contextlib
import html.parser
import json


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML page (no scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _json_reason(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("message", "error", "detail", "reason", "title"):
            found = _json_reason(value.get(key))
            if found:
                return found
    return None


def server_reason(body: bytes | str) -> str:
    """The server's reason from an error body (plain text, HTML or JSON), whole, on one line."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        with contextlib.suppress(ValueError):
            found = _json_reason(json.loads(stripped))
            if found:
                text = found
    elif stripped.startswith("<") and ">" in stripped:
        parser = _Text()
        with contextlib.suppress(Exception):  # malformed HTML: keep the raw text
            parser.feed(text)
            parser.close()
            text = " ".join(parser.parts)
    return " ".join(text.split())
