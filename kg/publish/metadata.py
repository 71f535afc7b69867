"""Dataset metadata: DCAT (what the release is, one Distribution per file), VoID, SHA256SUMS.

The DCAT follows DCAT-AP 3.0.1, the profile European data portals harvest: a
dcat:Catalog holding the dcat:Dataset, every Distribution with an access and a
download URL (the release's URL, `release_url`, plus the file name), and every
value typed with the class the profile requires (tests/test_publish_dcat.py runs
its SHACL shapes). Every number is computed from bytes actually written: byte sizes and checksums
from the files, VoID counts by SPARQL over the written Turtle, so the metadata
cannot drift from the release it describes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from kg.rdf.formats import serialize
from kg.rdf.namespace import DEFAULT_BASE, RELEASE_URL, WD, prefixes

SPDX = Namespace("http://spdx.org/rdf/terms#")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv",
    ".json": "application/csvm+json",
    ".geojson": "application/geo+json",
    ".lpf.json": "application/geo+json",
}
DATASET = "https://w3id.org/nkkg/dataset"
CATALOG = URIRef("https://w3id.org/nkkg/catalog")
PUBLISHER = URIRef("https://w3id.org/nkkg/")
LICENSE = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
WIKIDATA_DATASET = URIRef("https://www.wikidata.org/")
TITLE = "nkkg: North Korea's first-level divisions through time"
DESCRIPTION = (
    "A sourced, validated RDF knowledge graph of North Korea's special cities and "
    "first-level divisions: their names, codes, populations and status periods, "
    "every value with its sources and rank, linked to Wikidata."
)
KEYWORDS = ("North Korea", "administrative divisions", "gazetteer", "linked data")


def media_type(name: str) -> str:
    for suffix in sorted(MEDIA_TYPES, key=len, reverse=True):
        if name.endswith(suffix):
            return MEDIA_TYPES[suffix]
    return "application/octet-stream"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    """`sha256sum -c` input: one '<hex>  <path>' line per file, sorted by path."""
    return "".join(f"{sha256(files[n])}  {n}\n" for n in sorted(files)).encode("utf-8")


def void_counts(turtle: bytes, base: str = DEFAULT_BASE) -> dict[str, object]:
    """Triples, entities, class and property partitions and Wikidata links, by SPARQL."""
    store = ox.Store()
    store.load(turtle, format=ox.RdfFormat.TURTLE)

    def rows(query: str) -> list[list[str]]:
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return [[term.value for term in row] for row in result]

    entity = f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}"))'
    return {
        "triples": int(rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]),
        "entities": int(
            rows(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o {entity} }}")[0][0]
        ),
        "classes": rows(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY STR(?c)"
        ),
        "properties": rows(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY STR(?p)"
        ),
        "wikidata_links": int(
            rows(
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT (COUNT(*) AS ?n) "
                f'WHERE {{ ?s skos:exactMatch ?o {entity} FILTER(STRSTARTS(STR(?o), "{WD}")) }}'
            )[0][0]
        ),
    }


def metadata_turtle(
    files: Mapping[str, bytes],
    *,
    version: str,
    issued: str | None,
    temporal_start: int | None,
    country_qid: str | None,
    examples: list[str],
    base: str = DEFAULT_BASE,
    endpoint: str | None = None,
    release_url: str = RELEASE_URL,
) -> bytes:
    """DCAT and VoID in Turtle for the data files given (name -> bytes)."""
    ds = URIRef(DATASET)
    xsd_int = XSD.integer
    title = Literal(TITLE, lang="en")
    t: list[tuple[Node, Node, Node]] = [
        (CATALOG, RDF.type, DCAT.Catalog),
        (CATALOG, DCTERMS.title, title),
        (
            CATALOG,
            DCTERMS.description,
            Literal("The releases of nkkg, the North Korean divisions graph.", lang="en"),
        ),
        (CATALOG, DCTERMS.publisher, PUBLISHER),
        (CATALOG, DCTERMS.license, LICENSE),
        (CATALOG, FOAF.homepage, URIRef(release_url + "site/index.html")),
        (URIRef(release_url + "site/index.html"), RDF.type, FOAF.Document),
        (CATALOG, DCAT.dataset, ds),
        (ds, RDF.type, DCAT.Dataset),
        (ds, RDF.type, VOID.Dataset),
        (ds, DCTERMS.title, title),
        (ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")),
        (ds, DCTERMS.license, LICENSE),
        (LICENSE, RDF.type, DCTERMS.LicenseDocument),
        (ds, DCTERMS.publisher, PUBLISHER),
        (ds, DCAT.landingPage, URIRef(release_url + "site/index.html")),
        *((ds, DCAT.keyword, Literal(k, lang="en")) for k in KEYWORDS),
        (SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm),
        (PUBLISHER, RDF.type, FOAF.Agent),
        (PUBLISHER, FOAF.name, Literal("nkkg contributors")),
        (ds, URIRef(f"{DCAT}version"), Literal(version)),  # DCAT 3; rdflib lists DCAT 2
        (ds, VOID.uriSpace, Literal(base)),
    ]
    if issued is not None:
        t += [(ds, DCTERMS.issued, Literal(issued, datatype=XSD.date))]
        t += [(ds, DCTERMS.modified, Literal(issued, datatype=XSD.date))]
    if temporal_start is not None:
        period = URIRef(DATASET + "#temporal")
        t += [
            (ds, DCTERMS.temporal, period),
            (period, RDF.type, DCTERMS.PeriodOfTime),
            (period, DCAT.startDate, Literal(f"{temporal_start:04d}", datatype=XSD.gYear)),
        ]
    if country_qid is not None:
        t += [(ds, DCTERMS.spatial, WD[country_qid]), (WD[country_qid], RDF.type, DCTERMS.Location)]
    if endpoint is not None:
        t.append((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    for name in sorted(files):
        dist = URIRef(f"{DATASET}/{name}")
        media = URIRef(f"https://www.iana.org/assignments/media-types/{media_type(name)}")
        t += [
            (ds, DCAT.distribution, dist),
            (dist, RDF.type, DCAT.Distribution),
            (dist, DCTERMS.title, Literal(name)),
            (dist, DCAT.accessURL, URIRef(release_url + name)),
            (dist, DCAT.downloadURL, URIRef(release_url + name)),
            (dist, DCTERMS.license, LICENSE),
            (dist, DCAT.mediaType, media),
            (media, RDF.type, DCTERMS.MediaType),
            (dist, DCAT.byteSize, Literal(len(files[name]), datatype=XSD.nonNegativeInteger)),
            (dist, SPDX.checksum, URIRef(f"{dist}#sha256")),
            (URIRef(f"{dist}#sha256"), RDF.type, SPDX.Checksum),
            (URIRef(f"{dist}#sha256"), SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
            (
                URIRef(f"{dist}#sha256"),
                SPDX.checksumValue,
                Literal(sha256(files[name]), datatype=XSD.hexBinary),
            ),
        ]
        if name.endswith((".ttl", ".nt")):
            t.append((ds, VOID.dataDump, dist))
    counts = void_counts(files["nkkg.ttl"], base)
    t += [
        (ds, VOID.triples, Literal(counts["triples"], datatype=xsd_int)),
        (ds, VOID.entities, Literal(counts["entities"], datatype=xsd_int)),
    ]
    for cls, n in counts["classes"]:  # type: ignore[attr-defined]
        part = URIRef(f"{DATASET}#class-{_local(cls)}")
        t += [
            (ds, VOID.classPartition, part),
            (part, VOID["class"], URIRef(cls)),
            (part, VOID.entities, Literal(int(n), datatype=xsd_int)),
        ]
    for prop, n in counts["properties"]:  # type: ignore[attr-defined]
        part = URIRef(f"{DATASET}#property-{_local(prop)}")
        t += [
            (ds, VOID.propertyPartition, part),
            (part, VOID.property, URIRef(prop)),
            (part, VOID.triples, Literal(int(n), datatype=xsd_int)),
        ]
    for example in examples:
        t.append((ds, VOID.exampleResource, URIRef(base + example)))
    linkset = URIRef(DATASET + "#wikidata-links")
    t += [
        (ds, VOID.subset, linkset),
        (linkset, RDF.type, VOID.Linkset),
        (linkset, VOID.subjectsTarget, ds),
        (linkset, VOID.objectsTarget, WIKIDATA_DATASET),
        (linkset, VOID.linkPredicate, SKOS.exactMatch),
        (linkset, VOID.triples, Literal(counts["wikidata_links"], datatype=xsd_int)),
        (WIKIDATA_DATASET, RDF.type, VOID.Dataset),
        (WIKIDATA_DATASET, RDFS.label, Literal("Wikidata", lang="en")),
    ]
    spaces = {
        **prefixes(base),
        "dcat": str(DCAT),
        "foaf": str(FOAF),
        "spdx": str(SPDX),
        "void": str(VOID),
    }
    return serialize(t, "turtle", base, names=spaces)


def _local(iri: str) -> str:
    """A fragment-safe name for a partition: the prefix and local name joined by '-'."""
    for prefix, ns in sorted(prefixes().items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}-{iri[len(ns) :]}"
    return hashlib.sha256(iri.encode()).hexdigest()[:12]
