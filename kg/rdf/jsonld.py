"""The JSON-LD writer: the graph compacted against a context made from its own triples.

pyoxigraph and rdflib write expanded JSON-LD (full IRIs everywhere); a JSON-LD
user should read `{"@id": "id:pyongyang", "label": ...}`. The context has the
prefix table, then a short term per nkkg property and the common RDFS/SKOS ones,
each with the value type all its objects share. Node objects come one per
subject in the sorted triples' order, so the bytes depend on the triples only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.rdf.namespace import DEFAULT_BASE, NKKG, prefixed, prefixes

_TYPE = str(RDF.type)
_STRING = str(XSD.string)
# Terms beyond the nkkg vocabulary that a record uses often enough to read as words.
_EXTRA_TERMS: dict[str, str] = {
    "label": str(RDFS.label),
    "comment": str(RDFS.comment),
    "subClassOf": str(RDFS.subClassOf),
    "domain": str(RDFS.domain),
    "range": str(RDFS.range),
    "prefLabel": str(SKOS.prefLabel),
    "altLabel": str(SKOS.altLabel),
    "definition": str(SKOS.definition),
    "exactMatch": str(SKOS.exactMatch),
    "closeMatch": str(SKOS.closeMatch),
    "inScheme": str(SKOS.inScheme),
    "broader": str(SKOS.broader),
}


def compact_iri(iri: str, base: str = DEFAULT_BASE) -> str:
    """`id:pyongyang` for an IRI under one of the prefixes (kg.rdf.namespace.prefixed), else it."""
    return prefixed(iri, base) or iri


def _term_names(predicates: Iterable[str]) -> dict[str, str]:
    """A short JSON key for each nkkg property and the common RDFS/SKOS ones."""
    names = {iri: name for name, iri in _EXTRA_TERMS.items()}
    ns = str(NKKG)
    for p in predicates:
        if p.startswith(ns) and p not in names:
            local = p[len(ns) :]
            if local not in _EXTRA_TERMS and local[:1].islower():
                names[p] = local
    return names


def _coercions(triples: list[ox.Triple]) -> dict[str, str]:
    """Per predicate, '@id' if every object is an IRI, or the one datatype every object has."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        o = t.object
        if isinstance(o, ox.NamedNode):
            kinds[t.predicate.value].add("@id")
        elif isinstance(o, ox.Literal):
            kinds[t.predicate.value].add("@lang" if o.language else o.datatype.value)
        else:
            kinds[t.predicate.value].add("@bnode")
    result: dict[str, str] = {}
    for p, found in kinds.items():
        if len(found) == 1:
            (only,) = found
            if only not in ("@lang", "@bnode", _STRING):
                result[p] = only
    return result


def context(triples: list[ox.Triple], base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The @context: prefixes, then a term per property with its value type."""
    coercion = _coercions(triples)
    names = _term_names({t.predicate.value for t in triples})
    result: dict[str, Any] = dict(sorted(prefixes(base).items()))
    for iri, name in sorted(names.items(), key=lambda kv: kv[1]):
        kind = coercion.get(iri)
        if kind is None:
            result[name] = compact_iri(iri, base)
        else:
            value = kind if kind == "@id" else compact_iri(kind, base)
            result[name] = {"@id": compact_iri(iri, base), "@type": value}
    return result


def _node_id(node: ox.NamedNode | ox.BlankNode, base: str) -> str:
    return compact_iri(node.value, base) if isinstance(node, ox.NamedNode) else f"_:{node.value}"


def _value(o: Any, coerced: str | None, base: str) -> Any:
    if not isinstance(o, ox.Literal):
        name = _node_id(o, base)
        return name if coerced == "@id" else {"@id": name}
    if o.language:
        return {"@value": o.value, "@language": o.language}
    datatype = o.datatype.value
    if datatype == _STRING or coerced == datatype:
        return o.value
    return {"@value": o.value, "@type": compact_iri(datatype, base)}


def document(triples: list[ox.Triple], base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The triples compacted against their context: one node object per subject, in order."""
    coercion = _coercions(triples)
    names = _term_names({t.predicate.value for t in triples})
    nodes: dict[str, dict[str, list[Any]]] = {}
    for t in triples:
        subject = _node_id(t.subject, base)  # type: ignore[arg-type]
        node = nodes.setdefault(subject, {"@id": [subject]})
        p = t.predicate.value
        if p == _TYPE:
            key, value = "@type", _node_id(t.object, base)  # type: ignore[arg-type]
        else:
            name = names.get(p)
            key = name if name is not None else compact_iri(p, base)
            value = _value(t.object, coercion.get(p) if name is not None else None, base)
        node.setdefault(key, []).append(value)
    graph = [{k: v[0] if len(v) == 1 else v for k, v in node.items()} for node in nodes.values()]
    return {"@context": context(triples, base), "@graph": graph}


def parse(nt: bytes) -> list[ox.Triple]:
    """Sorted N-Triples as pyoxigraph triples, in their order."""
    return list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))


def dumps(data: Any) -> bytes:
    """JSON as nkkg writes it: UTF-8, indented, keys in the order built, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write(nt: bytes, base: str = DEFAULT_BASE, names: dict[str, str] | None = None) -> bytes:
    """The registry's JSON-LD writer: sorted N-Triples compacted (`names` is not used)."""
    return dumps(document(parse(nt), base))
