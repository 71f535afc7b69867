"""CSV tables for spreadsheet users, and the CSV on the Web (CSVW) metadata describing them.

Four tables: divisions (one row each, best-ranked values), status periods,
change events, and every claim with its rank, dates and sources. A numeric
column holds one number or nothing, so that spreadsheets, pandas and duckdb
read it as numbers; where several claims share the best rank (Chongjin's two
populations), the cell is empty and the `_tied` column beside it lists them.

The CSVW file gives each column a name, a datatype, a description and, where
the column is a triple of the graph, its `propertyUrl` and `valueUrl` (nkkg's
terms, the entities' IRIs), `separator` and `lang`, and foreign keys between
the tables: a CSVW-to-RDF converter then gives triples of the graph itself
(tests/test_publish_csvw.py). Columns with no such triple (a point's longitude,
a claim's generic property and value) are `suppressOutput` for conversion.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rdflib import Graph, Literal, URIRef

from kg.publish.rdf import compact_iri, dumps
from kg.rdf.namespace import DEFAULT_BASE, NKKG, WD
from kg.views import SEPARATOR, Views, lexical, slug

# column name -> (CSVW datatype, description)
DIVISION_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "the division's slug; its IRI is the base IRI followed by the slug"),
    "kind": (
        "string",
        "its class: a term of the nkkg ontology, https://w3id.org/nkkg/ontology#KIND",
    ),
    "label_en": ("string", "English name"),
    "label_ko_hang": ("string", "name in Hangul"),
    "label_ko_hani": ("string", "name in Hanja"),
    "iso_code": ("string", "best-ranked ISO 3166-2:KP code (claims.csv has every code, dated)"),
    "wikidata": ("string", "Wikidata QID"),
    "geonames": ("string", "GeoNames IRI (its valueUrl makes it an IRI)"),
    "longitude": ("decimal", "WGS 84 longitude of the point"),
    "latitude": ("decimal", "WGS 84 latitude of the point"),
    "population": ("integer", "best-ranked population (empty if several tie: population_tied)"),
    "population_tied": ("integer", "the populations whose claims share the best rank"),
    "area_km2": ("decimal", "best-ranked land area in km² (empty if several tie: area_km2_tied)"),
    "area_km2_tied": ("decimal", "the areas whose claims share the best rank"),
    "density_per_km2": ("decimal", "best-ranked stated population density per km²"),
    "density_per_km2_tied": ("decimal", "the densities whose claims share the best rank"),
    "year_of_assignment": ("gYear", "year the current first-level status was assigned"),
    "located_in": ("string", "slug of the division that contains it today"),
    "related_province": ("string", "slug of the associated province"),
    "absorbed_into": ("string", "slug of the province a former first-level city went back to"),
    "seat": ("string", "slug of the seat district"),
    "capital": ("string", "slug of the capital city"),
}
NUMBERS = ("population", "area_km2", "density_per_km2")  # one number, or the _tied list
EVENT_COLUMNS: dict[str, tuple[str, str]] = {
    "event": ("string", "the change event's slug"),
    "kind": ("string", "its class in the nkkg ontology (Split, Separation, ...)"),
    "year": ("gYear", "the year of the change"),
    "before": ("string", "slugs of the divisions before it, space-separated"),
    "after": ("string", "slugs of the divisions after it, space-separated"),
    "sources": ("string", "source slugs, space-separated"),
    "note": ("string", "note from the data"),
}
PERIOD_COLUMNS: dict[str, tuple[str, str]] = {
    "period": ("string", "the status period's slug"),
    "place": ("string", "slug of the division"),
    "kind": ("string", "kind held in the period, an nkkg class (empty: within a province)"),
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


def kind_name(kind: object, base: str) -> str:
    """A class of the nkkg ontology by its local name (the valueUrl adds the namespace)."""
    text = str(kind)
    return text[len(str(NKKG)) :] if text.startswith(str(NKKG)) else compact_iri(text, base)


def _term(value: object, base: str) -> str:
    if isinstance(value, URIRef):
        text = slug(value, base)
        return text if text != str(value) else compact_iri(str(value), base)
    return str(value)


def division_rows(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> list[dict[str, str]]:
    rows = []
    for place in (views or Views.of(graph, base)).places():
        row = {
            "id": place.slug,
            "kind": kind_name(place.kind, base),
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
        for column in NUMBERS:
            if SEPARATOR in row[column]:  # several claims share the best rank
                row[column], row[column + "_tied"] = "", row[column]
        rows.append(row)
    return rows


def period_rows(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> list[dict[str, str]]:
    rows = []
    for place in (views or Views.of(graph, base)).places():
        for p in place.periods:
            rows.append(
                {
                    "period": slug(p.iri, base),
                    "place": place.slug,
                    "kind": kind_name(p.kind, base) if p.kind else "",
                    "start_year": str(p.start) if p.start is not None else "",
                    "end_year": str(p.end) if p.end is not None else "",
                    "within_province": slug(p.province, base) if p.province else "",
                    "sources": " ".join(slug(s, base) for s in p.sources),
                    "note": p.note or "",
                }
            )
    return rows


def claim_rows(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> list[dict[str, str]]:
    rows = []
    for c in (views or Views.of(graph, base)).claims():
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
                "point_in_time": lexical(c.point_in_time),
                "start_time": lexical(c.start_time),
                "end_time": lexical(c.end_time),
                "sources": " ".join(slug(s, base) for s in c.sources),
                "note": c.note or "",
            }
        )
    return rows


def event_rows(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> list[dict[str, str]]:
    return [
        {
            "event": slug(e.iri, base),
            "kind": kind_name(e.kind, base),
            "year": str(e.year) if e.year is not None else "",
            "before": " ".join(slug(b, base) for b in e.before),
            "after": " ".join(slug(a, base) for a in e.after),
            "sources": " ".join(slug(s, base) for s in e.sources),
            "note": e.note or "",
        }
        for e in (views or Views.of(graph, base)).events()
    ]


def _rdf(table: str, base: str) -> dict[str, dict[str, Any]]:
    """Column -> its CSVW properties as a triple of the graph (or suppressOutput)."""
    ont = str(NKKG)

    def prop(name: str, **more: Any) -> dict[str, Any]:
        return {"propertyUrl": ont + name, **more}

    def link(name: str, column: str, **more: Any) -> dict[str, Any]:
        return prop(name, valueUrl=base + "{" + column + "}", **more)

    hidden = {"suppressOutput": True}
    kind = {"propertyUrl": "rdf:type", "valueUrl": ont + "{kind}"}
    # A list of slugs: CSVW expands a valueUrl once per cell (RFC 6570 joins a list with
    # commas), so such a list cannot become one IRI per slug; it stays a list for readers,
    # and out of conversion (nkkg.ttl has these triples)
    sources = {"separator": " ", "suppressOutput": True}
    note = {"propertyUrl": "rdfs:comment", "lang": "en"}
    if table == "divisions.csv":
        return {
            "id": hidden,
            "kind": kind,
            "label_en": {"propertyUrl": "rdfs:label", "lang": "en"},
            "label_ko_hang": {"propertyUrl": "rdfs:label", "lang": "ko-Hang"},
            "label_ko_hani": {"propertyUrl": "rdfs:label", "lang": "ko-Hani"},
            "iso_code": prop("isoCode", separator=SEPARATOR),
            "wikidata": {"propertyUrl": "skos:exactMatch", "valueUrl": str(WD) + "{wikidata}"},
            "geonames": {"propertyUrl": "skos:exactMatch", "valueUrl": "{+geonames}"},
            "longitude": hidden,  # the graph holds the point as WKT on a geometry node
            "latitude": hidden,
            **{
                column + tied: prop(_camel(column), **({"separator": SEPARATOR} if tied else {}))
                for column in NUMBERS
                for tied in ("", "_tied")
            },
            "year_of_assignment": prop("yearOfAssignment"),
            **{
                column: link(_camel(column), column)
                for column in ("located_in", "related_province", "absorbed_into", "seat", "capital")
            },
        }
    if table == "status-periods.csv":
        return {
            "period": hidden,
            "place": {
                "aboutUrl": base + "{place}",
                **link("statusPeriod", "period"),
            },
            "kind": link("kind", "kind") | {"valueUrl": ont + "{kind}"},
            "start_year": prop("startYear"),
            "end_year": prop("endYear"),
            "within_province": link("withinProvince", "within_province"),
            "sources": sources,
            "note": note,
        }
    if table == "events.csv":
        return {
            "event": hidden,
            "kind": kind,
            "year": prop("year"),
            "before": sources,
            "after": sources,
            "sources": sources,
            "note": note,
        }
    # claims.csv: a claim's subject, property and value have no one template (they are
    # terms of any vocabulary); its dates, sources and note do
    return {
        **{c: hidden for c in ("claim", "subject", "property", "value", "language", "datatype")},
        "rank": hidden,  # preferred or normal, the local names of nkkg's ranks in lower case
        "point_in_time": prop("pointInTime"),
        "start_time": prop("startTime"),
        "end_time": prop("endTime"),
        "sources": sources,
        "note": note,
    }


def _camel(column: str) -> str:
    """The nkkg property of a column: area_km2 -> areaKm2."""
    head, *rest = column.split("_")
    return head + "".join(part.capitalize() for part in rest)


# column -> the table it refers to. Only columns that are never empty: csvwvalidate
# (strict) refuses a foreign key column that may be null, so the divisions' own links
# (located_in, capital, ...) are not declared; tests/test_publish_csvw.py checks them.
FOREIGN_KEYS = {
    "status-periods.csv": {"place": "divisions.csv"},
    "events.csv": {"before": "divisions.csv", "after": "divisions.csv"},
}
VIRTUAL = {  # the class of every row's subject, which the table implies
    "status-periods.csv": "StatusPeriod",
    "claims.csv": "Claim",
}


def csvw_metadata(base: str = DEFAULT_BASE) -> dict[str, Any]:
    """CSVW metadata (https://www.w3.org/TR/tabular-metadata/) for the four tables."""
    tables = []
    for url, (title, columns, key) in TABLES.items():
        rdf = _rdf(url, base)
        schema: dict[str, Any] = {
            "columns": [
                {
                    "name": name,
                    "titles": name,
                    "datatype": datatype,
                    "dc:description": doc,
                    **rdf[name],
                }
                for name, (datatype, doc) in columns.items()
            ],
            "primaryKey": key,
            "aboutUrl": base + "{" + key + "}",
        }
        if url in VIRTUAL:
            schema["columns"].append(
                {
                    "name": "type",
                    "virtual": True,
                    "propertyUrl": "rdf:type",
                    "valueUrl": str(NKKG) + VIRTUAL[url],
                }
            )
        keys = FOREIGN_KEYS.get(url, {})
        if keys:
            schema["foreignKeys"] = [
                {
                    "columnReference": column,
                    "reference": {"resource": target, "columnReference": TABLES[target][2]},
                }
                for column, target in keys.items()
            ]
        tables.append({"url": url, "dc:title": title, "tableSchema": schema})
    return {"@context": "http://www.w3.org/ns/csvw", "dialect": {"header": True}, "tables": tables}


def table_files(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> dict[str, bytes]:
    """File name -> bytes for the CSV tables and their CSVW metadata.

    `views` is `Views.of(graph, base)` when the caller has made it already.
    """
    views = views or Views.of(graph, base)
    return {
        "divisions.csv": _csv(DIVISION_COLUMNS, division_rows(graph, base, views=views)),
        "status-periods.csv": _csv(PERIOD_COLUMNS, period_rows(graph, base, views=views)),
        "events.csv": _csv(EVENT_COLUMNS, event_rows(graph, base, views=views)),
        "claims.csv": _csv(CLAIM_COLUMNS, claim_rows(graph, base, views=views)),
        "csv-metadata.json": dumps(csvw_metadata(base)),
    }
