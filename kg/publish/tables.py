"""CSV tables for spreadsheet users, and the CSV on the Web (CSVW) metadata describing them.

Four tables: divisions (one row each, best-ranked values; several values that
share the best rank are joined with ";"), status periods, change events, and
every claim with its rank, dates and sources. The CSVW file gives each column a
name, a datatype and a description, so a CSVW tool can read the tables back
as typed data.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rdflib import Graph, Literal, URIRef

from kg.graph.namespace import DEFAULT_BASE
from kg.publish.graphdata import SEPARATOR, claims, events, places, slug
from kg.publish.rdf import compact_iri, dumps

# column name -> (CSVW datatype, description)
DIVISION_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "the division's slug; its IRI is the base IRI followed by the slug"),
    "kind": ("string", "its class in the nkkg ontology"),
    "label_en": ("string", "English name"),
    "label_ko_hang": ("string", "name in Hangul"),
    "label_ko_hani": ("string", "name in Hanja"),
    "iso_code": ("string", "best-ranked ISO 3166-2:KP code (claims.csv has every code, dated)"),
    "wikidata": ("string", "Wikidata QID"),
    "geonames": ("anyURI", "GeoNames IRI"),
    "longitude": ("decimal", "WGS 84 longitude of the point"),
    "latitude": ("decimal", "WGS 84 latitude of the point"),
    "population": ("integer", "best-ranked population"),
    "area_km2": ("decimal", "best-ranked land area in km²"),
    "density_per_km2": ("decimal", "best-ranked stated population density per km²"),
    "year_of_assignment": ("gYear", "year the current first-level status was assigned"),
    "located_in": ("string", "slug of the division that contains it today"),
    "related_province": ("string", "slug of the associated province"),
    "absorbed_into": ("string", "slug of the province a former first-level city went back to"),
    "seat": ("string", "slug of the seat district"),
    "capital": ("string", "slug of the capital city"),
}
LISTS = {"population", "area_km2", "density_per_km2", "iso_code"}  # may hold several values
EVENT_COLUMNS: dict[str, tuple[str, str]] = {
    "event": ("string", "the change event's slug"),
    "kind": ("string", "its class (nkkg:Split, nkkg:Separation, ...)"),
    "year": ("gYear", "the year of the change"),
    "before": ("string", "slugs of the divisions before it, space-separated"),
    "after": ("string", "slugs of the divisions after it, space-separated"),
    "sources": ("string", "source slugs, space-separated"),
    "note": ("string", "note from the data"),
}
PERIOD_COLUMNS: dict[str, tuple[str, str]] = {
    "period": ("string", "the status period's slug"),
    "place": ("string", "slug of the division"),
    "kind": ("string", "kind held in the period (empty when it lay within a province)"),
    "start_year": ("gYear", "first year, inclusive (empty: not given by the sources)"),
    "end_year": ("gYear", "last year, inclusive (empty: the period lasts)"),
    "within_province": ("string", "slug of the province it lay within"),
    "sources": ("string", "source slugs, space-separated"),
    "note": ("string", "note from the data"),
}
CLAIM_COLUMNS: dict[str, tuple[str, str]] = {
    "claim": ("string", "the claim's slug"),
    "subject": ("string", "slug (or IRI) of what the claim is about"),
    "property": ("string", "the property, as a prefixed name"),
    "value": ("string", "the value: a literal's text, or a slug or prefixed name"),
    "language": ("string", "the value's language tag"),
    "datatype": ("string", "the value's datatype, as a prefixed name"),
    "rank": ("string", "preferred or normal"),
    "point_in_time": ("string", "date or year the value refers to"),
    "start_time": ("string", "date from which the value holds"),
    "end_time": ("string", "date until which the value held"),
    "sources": ("string", "source slugs, space-separated"),
    "note": ("string", "note from the data"),
}
TABLES = {
    "divisions.csv": ("Divisions with their best-ranked values", DIVISION_COLUMNS, "id"),
    "status-periods.csv": ("Status periods of every division", PERIOD_COLUMNS, "period"),
    "events.csv": ("Change events", EVENT_COLUMNS, "event"),
    "claims.csv": ("Every claim with its rank and sources", CLAIM_COLUMNS, "claim"),
}


def _csv(columns: dict[str, tuple[str, str]], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _term(value: object, base: str) -> str:
    if isinstance(value, URIRef):
        text = slug(value, base)
        return text if text != str(value) else compact_iri(str(value), base)
    return str(value)


def division_rows(graph: Graph, base: str = DEFAULT_BASE) -> list[dict[str, str]]:
    rows = []
    for place in places(graph, base):
        row = {
            "id": place.slug,
            "kind": compact_iri(str(place.kind), base),
            "label_en": place.labels.get("en", ""),
            "label_ko_hang": place.labels.get("ko-hang", ""),
            "label_ko_hani": place.labels.get("ko-hani", ""),
            "iso_code": place.iso_code or "",
            "wikidata": place.qid or "",
            "geonames": str(place.geonames or ""),
            "longitude": f"{place.point.lon}" if place.point else "",
            "latitude": f"{place.point.lat}" if place.point else "",
        }
        row.update({c: place.values.get(c, "") for c in DIVISION_COLUMNS if c not in row})
        rows.append(row)
    return rows


def period_rows(graph: Graph, base: str = DEFAULT_BASE) -> list[dict[str, str]]:
    rows = []
    for place in places(graph, base):
        for p in place.periods:
            rows.append(
                {
                    "period": slug(p.iri, base),
                    "place": place.slug,
                    "kind": compact_iri(str(p.kind), base) if p.kind else "",
                    "start_year": str(p.start) if p.start is not None else "",
                    "end_year": str(p.end) if p.end is not None else "",
                    "within_province": slug(p.province, base) if p.province else "",
                    "sources": " ".join(slug(s, base) for s in p.sources),
                    "note": p.note or "",
                }
            )
    return rows


def claim_rows(graph: Graph, base: str = DEFAULT_BASE) -> list[dict[str, str]]:
    rows = []
    for c in claims(graph):
        literal = c.value if isinstance(c.value, Literal) else None
        rows.append(
            {
                "claim": slug(c.iri, base),
                "subject": _term(c.subject, base),
                "property": compact_iri(str(c.prop), base),
                "value": _term(c.value, base),
                "language": (literal.language or "") if literal is not None else "",
                "datatype": compact_iri(str(literal.datatype), base)
                if literal is not None and literal.datatype
                else "",
                "rank": "preferred" if str(c.rank).endswith("PreferredRank") else "normal",
                "point_in_time": c.point_in_time or "",
                "start_time": c.start_time or "",
                "end_time": c.end_time or "",
                "sources": " ".join(slug(s, base) for s in c.sources),
                "note": c.note or "",
            }
        )
    return rows


def event_rows(graph: Graph, base: str = DEFAULT_BASE) -> list[dict[str, str]]:
    return [
        {
            "event": slug(e.iri, base),
            "kind": compact_iri(str(e.kind), base),
            "year": str(e.year) if e.year is not None else "",
            "before": " ".join(slug(b, base) for b in e.before),
            "after": " ".join(slug(a, base) for a in e.after),
            "sources": " ".join(slug(s, base) for s in e.sources),
            "note": e.note or "",
        }
        for e in events(graph)
    ]


def _column(name: str, datatype: str, doc: str, table: str) -> dict[str, Any]:
    column: dict[str, Any] = {
        "name": name,
        "titles": name,
        "datatype": datatype,
        "dc:description": doc,
    }
    if table == "divisions.csv" and name in LISTS:
        column["separator"] = SEPARATOR
    return column


def csvw_metadata(base: str = DEFAULT_BASE) -> dict[str, Any]:
    """CSVW metadata (https://www.w3.org/TR/tabular-metadata/) for the four tables."""
    tables = []
    for url, (title, columns, key) in TABLES.items():
        tables.append(
            {
                "url": url,
                "dc:title": title,
                "tableSchema": {
                    "columns": [
                        _column(name, datatype, doc, url)
                        for name, (datatype, doc) in columns.items()
                    ],
                    "primaryKey": key,
                    "aboutUrl": base + "{" + key + "}",
                },
            }
        )
    return {"@context": "http://www.w3.org/ns/csvw", "dialect": {"header": True}, "tables": tables}


def table_files(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, bytes]:
    """File name -> bytes for the CSV tables and their CSVW metadata."""
    return {
        "divisions.csv": _csv(DIVISION_COLUMNS, division_rows(graph, base)),
        "status-periods.csv": _csv(PERIOD_COLUMNS, period_rows(graph, base)),
        "events.csv": _csv(EVENT_COLUMNS, event_rows(graph, base)),
        "claims.csv": _csv(CLAIM_COLUMNS, claim_rows(graph, base)),
        "csv-metadata.json": dumps(csvw_metadata(base)),
    }
