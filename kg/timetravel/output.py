"""Rows of text as CSV, TSV or JSON, the formats every time-travel command writes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from kg.errors import UsageError

FORMATS = ("table", "csv", "tsv", "json")


def format_rows(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """CSV (RFC 4180, CRLF line ends), TSV (tabs and line ends in cells as spaces) or JSON."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "tsv":
        clean = [[" ".join(cell.split()) for cell in row] for row in [list(columns), *rows]]
        return "".join("\t".join(row) + "\n" for row in clean)
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise UsageError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
