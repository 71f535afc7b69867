"""The release's RDF files: Turtle, N-Triples, TriG, RDF/XML and compacted JSON-LD.

Turtle, N-Triples and TriG come from kg.graph.serialize (sorted, byte-stable). RDF/XML
and JSON-LD are written here from the sorted triples, because rdflib's writers
order subjects by hash and its JSON-LD writer does not compact: a JSON-LD user
should read `{"@id": "id:pyongyang", "label": ...}`, not full IRIs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.graph.namespace import DEFAULT_BASE, NKKG, prefixes
from kg.graph.serialize import serialize

Triple = tuple[Node, Node, Node]

# Terms beyond the nkkg vocabulary that a record uses often enough to read as words.
_EXTRA_TERMS: dict[str, URIRef] = {
    "label": RDFS.label,
    "comment": RDFS.comment,
    "subClassOf": RDFS.subClassOf,
    "domain": RDFS.domain,
    "range": RDFS.range,
    "prefLabel": SKOS.prefLabel,
    "altLabel": SKOS.altLabel,
    "definition": SKOS.definition,
    "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
    "inScheme": SKOS.inScheme,
    "broader": SKOS.broader,
}


def all_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The graph's prefixes (kg.graph.namespace) plus dcterms, for the ontology header."""
    return {**prefixes(base), "dcterms": str(DCTERMS)}


@cache
def _longest_first(base: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(all_prefixes(base).items(), key=lambda kv: -len(kv[1])))


def _triples(graph: Graph | Iterable[Triple]) -> list[Triple]:
    return sorted(graph, key=lambda t: (str(t[0]), t[1] != RDF.type, str(t[1]), t[2].n3()))


def _term_names(predicates: Iterable[Node]) -> dict[URIRef, str]:
    """A short JSON key for each nkkg property and the common RDFS/SKOS ones."""
    names = {iri: name for name, iri in _EXTRA_TERMS.items()}
    ns = str(NKKG)
    for p in predicates:
        if isinstance(p, URIRef) and str(p).startswith(ns) and p not in names:
            local = str(p)[len(ns) :]
            if local not in _EXTRA_TERMS and local[:1].islower():
                names[p] = local
    return names


def _coercions(triples: list[Triple]) -> dict[Node, str]:
    """Per predicate, '@id' if every object is an IRI, or the one datatype every object has."""
    kinds: dict[Node, set[str]] = defaultdict(set)
    for _, p, o in triples:
        if isinstance(o, URIRef):
            kinds[p].add("@id")
        elif isinstance(o, Literal):
            kinds[p].add("@lang" if o.language else str(o.datatype or XSD.string))
    result: dict[Node, str] = {}
    for p, found in kinds.items():
        if len(found) == 1:
            (only,) = found
            if only not in ("@lang", str(XSD.string)):
                result[p] = only
    return result


@lru_cache(maxsize=1 << 16)
def compact_iri(iri: str, base: str = DEFAULT_BASE) -> str:
    """`id:pyongyang` for an IRI under a prefix whose local part is a plain name."""
    for prefix, ns in _longest_first(base):
        local = iri[len(ns) :]
        if iri.startswith(ns) and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}:{local}"
    return iri


def jsonld_context(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The published @context: prefixes, then a term per property with its value type."""
    triples = _triples(graph)
    coercion = _coercions(triples)
    names = _term_names(p for _, p, _ in triples)
    context: dict[str, Any] = dict(sorted(all_prefixes(base).items()))
    for iri, name in sorted(names.items(), key=lambda kv: kv[1]):
        kind = coercion.get(iri)
        if kind is None:
            context[name] = compact_iri(str(iri), base)
        else:
            value = kind if kind == "@id" else compact_iri(kind, base)
            context[name] = {"@id": compact_iri(str(iri), base), "@type": value}
    return context


def _jsonld_value(o: Node, coerced: str | None, base: str) -> Any:
    if isinstance(o, URIRef):
        return compact_iri(str(o), base) if coerced == "@id" else {"@id": compact_iri(str(o), base)}
    assert isinstance(o, Literal)
    if o.language:
        return {"@value": str(o), "@language": o.language}
    datatype = str(o.datatype or XSD.string)
    if datatype == str(XSD.string) or coerced == datatype:
        return str(o)
    return {"@value": str(o), "@type": compact_iri(datatype, base)}


def jsonld_document(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The graph compacted against its context: one node object per subject, sorted."""
    triples = _triples(graph)
    coercion = _coercions(triples)
    names = _term_names(p for _, p, _ in triples)
    nodes: dict[str, dict[str, list[Any]]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(str(s), {"@id": [compact_iri(str(s), base)]})
        if p == RDF.type:
            key, value = "@type", compact_iri(str(o), base)
        else:
            name = names.get(p)  # type: ignore[call-overload]
            key = name if name is not None else compact_iri(str(p), base)
            value = _jsonld_value(o, coercion.get(p) if name is not None else None, base)
        node.setdefault(key, []).append(value)
    graph_nodes = [
        {k: v[0] if len(v) == 1 else v for k, v in node.items()} for node in nodes.values()
    ]
    return {"@context": jsonld_context(graph, base), "@graph": graph_nodes}


def dumps(data: Any) -> bytes:
    """JSON as the release writes it: UTF-8, indented, keys in the order built, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def rdf_xml(graph: Graph | Iterable[Triple], base: str = DEFAULT_BASE) -> bytes:
    """RDF/XML, one rdf:Description per subject in sorted order (stable bytes)."""
    triples = _triples(graph)
    spaces = _xml_spaces({str(p) for _, p, _ in triples}, base)
    used: dict[str, str] = {}
    lines: list[str] = []
    current: str | None = None
    for s, p, o in triples:
        if str(s) != current:
            if current is not None:
                lines.append("  </rdf:Description>")
            lines.append(f"  <rdf:Description rdf:about={quoteattr(str(s))}>")
            current = str(s)
        qname = _qname(str(p), spaces, used)
        if isinstance(o, URIRef):
            lines.append(f"    <{qname} rdf:resource={quoteattr(str(o))}/>")
        else:
            assert isinstance(o, Literal)
            if o.language:
                attr = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype is not None and o.datatype != XSD.string:
                attr = f" rdf:datatype={quoteattr(str(o.datatype))}"
            else:
                attr = ""
            lines.append(f"    <{qname}{attr}>{escape(str(o))}</{qname}>")
    if current is not None:
        lines.append("  </rdf:Description>")
    used["rdf"] = str(RDF)
    decls = "".join(f"\n    xmlns:{k}={quoteattr(v)}" for k, v in sorted(used.items()))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{decls}>\n'
    return (head + "\n".join(lines) + "\n</rdf:RDF>\n").encode("utf-8")


def _xml_spaces(predicates: set[str], base: str) -> dict[str, str]:
    """The known prefixes, plus ns1, ns2... (in sorted order) for any other predicate namespace."""
    spaces = all_prefixes(base)
    others = set()
    for iri in predicates:
        if not any(iri.startswith(ns) for ns in spaces.values()):
            cut = max(iri.rfind("#"), iri.rfind("/"))
            others.add(iri[: cut + 1])
    for number, ns in enumerate(sorted(others), start=1):
        spaces[f"ns{number}"] = ns
    return spaces


def _qname(iri: str, spaces: dict[str, str], used: dict[str, str]) -> str:
    for prefix, ns in sorted(spaces.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns) :]
        if (
            iri.startswith(ns)
            and local[:1].isalpha()
            and all(c.isalnum() or c in "_-." for c in local)
        ):
            used[prefix] = ns
            return f"{prefix}:{local}"
    raise ValueError(f"cannot write {iri} as an RDF/XML element name")


def rdf_files(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, bytes]:
    """File name -> bytes for every RDF serialization of the release, and the context."""
    document = jsonld_document(graph, base)
    return {
        "nkkg.ttl": serialize(graph, "turtle", base),
        "nkkg.nt": serialize(graph, "nt", base),
        "nkkg.trig": serialize(graph, "trig", base),
        "nkkg.rdf": rdf_xml(graph, base),
        "nkkg.jsonld": dumps(document),
        "context.jsonld": dumps({"@context": document["@context"]}),
    }
