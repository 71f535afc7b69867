"""nkkg publish: every file is written, parses, round-trips, and the metadata matches the files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF, VOID, XSD

from kg.errors import NkkgError
from kg.graph.terms import from_oxigraph
from kg.publish import publish
from kg.rdf.formats import FORMATS, RdfFormat, serialize
from kg.rdf.namespace import NKKG
from tests.conftest import RunNkkg
from tests.second_level import PROVINCE_UNIT_EVENTS, PROVINCE_UNIT_PERIODS

ID = Namespace("https://w3id.org/nkkg/id/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATA_FILES = {
    "nkkg.ttl": ox.RdfFormat.TURTLE,
    "nkkg.nt": ox.RdfFormat.N_TRIPLES,
    "nkkg.nq": ox.RdfFormat.N_QUADS,
    "nkkg.trig": ox.RdfFormat.TRIG,
    "nkkg.rdf": ox.RdfFormat.RDF_XML,
    "nkkg.jsonld": ox.RdfFormat.JSON_LD,
}
OTHER_FILES = {
    "context.jsonld",
    "divisions.csv",
    "status-periods.csv",
    "events.csv",
    "claims.csv",
    "csv-metadata.json",
    "nkkg.geojson",
    "nkkg.lpf.json",
    "ontology.ttl",
    "metadata.ttl",
    "SHA256SUMS",
    "site/index.html",
    "site/ontology.html",
    "site/queries.html",
    "site/.htaccess",
    "site/id/pyongyang.html",
    "site/id/pyongyang.ttl",
    "site/id/pyongyang.jsonld",
}


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    files = (f for f in folder.rglob("*") if f.is_file())
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in files}


@pytest.fixture(scope="module")
def dated(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The metadata of a release published with --issued and --endpoint."""
    out = tmp_path_factory.mktemp("dated") / "r"
    publish(out, graph, issued="2026-11-25", endpoint="https://example.org/sparql")
    return Graph().parse(out / "metadata.ttl")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_file_is_written(release: Path) -> None:
    names = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(DATA_FILES) | OTHER_FILES <= names
    assert not [n for n in names if n.endswith(".tmp")]


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_rdf_files_round_trip_with_pyoxigraph(release: Path, graph: Graph, name: str) -> None:
    quads = ox.parse(path=str(release / name), format=DATA_FILES[name])
    triples = {
        (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        for q in quads
    }
    assert triples == set(graph)


@pytest.mark.parametrize(
    "name,fmt", [("nkkg.rdf", "xml"), ("nkkg.jsonld", "json-ld"), ("nkkg.ttl", "turtle")]
)
def test_rdf_files_round_trip_with_rdflib(release: Path, graph: Graph, name: str, fmt: str) -> None:
    assert set(Graph().parse(release / name, format=fmt)) == set(graph)


def test_jsonld_is_compacted_with_the_published_context(release: Path, graph: Graph) -> None:
    document = json.loads((release / "nkkg.jsonld").read_text(encoding="utf-8"))
    published = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    assert published["@context"]["id"] == "https://w3id.org/nkkg/id/"
    assert published["@context"]["population"] == {"@id": "nkkg:population", "@type": "xsd:integer"}
    record = next(n for n in document["@graph"] if n["@id"] == "id:pyongyang")
    assert record["@type"] == "nkkg:DirectlyGovernedCity"
    assert {"@value": "평양직할시", "@language": "ko-hang"} in record["label"]
    assert record["population"] == "3255288"
    assert sorted(record["exactMatch"]) == ["https://sws.geonames.org/1871856/", "wd:Q18808"]
    assert record["relatedProvince"] == "id:south-pyongan"
    # a record read with the separately published context gives the same triples
    alone = {"@context": published["@context"], **record}
    expected = set(graph.triples((ID.pyongyang, None, None)))
    assert set(Graph().parse(data=json.dumps(alone), format="json-ld")) == expected


def test_divisions_table_has_best_ranked_values(release: Path) -> None:
    rows = {r["id"]: r for r in _rows(release / "divisions.csv")}
    pyongyang = rows["pyongyang"]
    assert pyongyang["label_ko_hang"] == "평양직할시"
    assert pyongyang["label_ko_hani"] == "平壤直轄市"
    assert pyongyang["iso_code"] == "KP-01"
    assert pyongyang["wikidata"] == "Q18808"
    assert pyongyang["population"] == "3255288"  # the preferred one, not the infobox's 3255388
    assert pyongyang["iso_code"] == "KP-01"  # the preferred code, not the letter code KP-PYO
    assert pyongyang["geonames"] == "https://sws.geonames.org/1871856/"
    assert (pyongyang["longitude"], pyongyang["latitude"]) == ("125.75432", "39.03385")
    assert rows["rason"]["population"] == "205000"
    # both normal, both best-ranked: the number column stays numeric, the tie beside it
    assert (rows["chongjin"]["population"], rows["chongjin"]["population_tied"]) == (
        "",
        "627000;667929",
    )
    assert rows["north-hamgyong"]["iso_code"] == "KP-09"
    assert rows["north-hamgyong"]["kind"] == "Province"  # nkkg:Province, by its local name
    assert rows["north-hamgyong"]["capital"] == "chongjin"
    assert rows["kaesong"]["iso_code"] == "KP-15"  # not the source article's no-value claim
    located = [r["id"] for r in rows.values() if r["longitude"]]
    assert len(located) == 15


def test_every_point_of_the_graph_is_in_the_divisions_table(release: Path, graph: Graph) -> None:
    rows = {r["id"]: r for r in _rows(release / "divisions.csv")}
    found = graph.query(
        "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
        "SELECT ?s ?wkt { ?s geo:hasGeometry/geo:asWKT ?wkt }"
    )
    points = {
        str(s).rsplit("/", 1)[1]: str(wkt)  # type: ignore[index]
        for s, wkt in found  # type: ignore[misc]
    }
    assert len(points) == 15
    for name, wkt in points.items():
        assert wkt == f"POINT({rows[name]['longitude']} {rows[name]['latitude']})"


def test_status_periods_table(release: Path, graph: Graph) -> None:
    rows = _rows(release / "status-periods.csv")
    assert (
        len(rows)
        == len(set(graph.subject_objects(NKKG.statusPeriod)))
        == 34 + 66 + PROVINCE_UNIT_PERIODS
    )  # units
    chongjin = [
        (r["kind"] or r["within_province"], r["start_year"], r["end_year"])
        for r in rows
        if r["place"] == "chongjin"
    ]
    assert chongjin == [
        ("north-hamgyong", "", "1960"),  # consecutive periods share the year of the change
        ("DirectlyGovernedCity", "1960", "1967"),
        ("north-hamgyong", "1967", "1977"),
        ("DirectlyGovernedCity", "1977", "1985"),
        ("north-hamgyong", "1985", ""),
    ]
    hwanghae = [
        (r["kind"], r["start_year"], r["end_year"]) for r in rows if r["place"] == "hwanghae"
    ]
    assert hwanghae == [("Province", "1945", "1954")]


def test_events_table(release: Path, graph: Graph) -> None:
    rows = {r["event"]: r for r in _rows(release / "events.csv")}
    assert (
        len(rows)
        == len(set(graph.subjects(NKKG.year, None)))
        == 22 + 15 + len(PROVINCE_UNIT_EVENTS)
    )  # curated, derived
    split = rows["event-hwanghae-split-1954"]
    assert (split["kind"], split["year"], split["before"], split["after"]) == (
        "Split",
        "1954",
        "hwanghae",
        "north-hwanghae south-hwanghae",
    )
    chongjin = rows["chongjin-change-2"]
    assert (chongjin["kind"], chongjin["year"], chongjin["before"], chongjin["after"]) == (
        "Absorption",
        "1967",
        "chongjin",
        "north-hamgyong",
    )


def test_claims_table_has_ranks_and_sources(release: Path) -> None:
    rows = [
        r
        for r in _rows(release / "claims.csv")
        if r["subject"] == "pyongyang" and r["property"] == "nkkg:population"
    ]
    assert [(r["value"], r["rank"], r["sources"], r["point_in_time"]) for r in rows] == [
        ("3255288", "preferred", "source-article source-wp-pyongyang", "2008"),
        ("3255388", "normal", "source-article", ""),
    ]
    codes = [
        (r["value"], r["rank"], r["start_time"], r["end_time"])
        for r in _rows(release / "claims.csv")
        if r["subject"] == "pyongyang" and r["property"] == "nkkg:isoCode"
    ]
    assert codes == [
        ("KP-01", "preferred", "2010-02-03", ""),
        ("KP-PYO", "normal", "1998", "2010-02-03"),
    ]


def test_csvw_metadata_describes_every_column(release: Path) -> None:
    meta = json.loads((release / "csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    for table in meta["tables"]:
        header = next(csv.reader(io.StringIO((release / table["url"]).read_text("utf-8"))))
        columns = table["tableSchema"]["columns"]
        assert [c["name"] for c in columns if not c.get("virtual")] == header


def test_dcat_sizes_and_checksums_match_the_files(release: Path) -> None:
    meta = Graph().parse(release / "metadata.ttl")
    distributions = list(meta.subjects(RDF.type, DCAT.Distribution))
    titles = {str(meta.value(d, URIRef("http://purl.org/dc/terms/title"))) for d in distributions}
    top = {p.name for p in release.iterdir() if p.is_file()}
    crosswalks = {f"crosswalks/{p.name}" for p in (release / "crosswalks").iterdir()}
    assert titles == (top | crosswalks) - {"metadata.ttl", "SHA256SUMS"}
    assert len(titles) == 15 + 11  # the crosswalks: 5 dates x 2 levels, and one XKOS file
    for dist in distributions:
        data = (
            release / str(meta.value(dist, URIRef("http://purl.org/dc/terms/title")))
        ).read_bytes()
        assert meta.value(dist, DCAT.byteSize) == Literal(
            len(data), datatype=XSD.nonNegativeInteger
        )
        checksum = meta.value(dist, SPDX.checksum)
        assert str(meta.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()


def test_void_counts_equal_sparql_over_the_turtle(release: Path) -> None:
    meta = Graph().parse(release / "metadata.ttl")
    data = Graph().parse(release / "nkkg.ttl")
    dataset = URIRef("https://w3id.org/nkkg/dataset")

    def count(query: str) -> int:
        return int(next(iter(data.query(query)))[0])  # type: ignore[index]

    assert int(meta.value(dataset, VOID.triples)) == count("SELECT (COUNT(*) AS ?n) {?s ?p ?o}")
    entities = count(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) {?s ?p ?o "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/nkkg/id/"))}'
    )
    assert int(meta.value(dataset, VOID.entities)) == entities
    links = count(
        "SELECT (COUNT(*) AS ?n) {?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/nkkg/id/") '
        '&& STRSTARTS(STR(?o), "http://www.wikidata.org/entity/"))}'
    )
    linkset = URIRef("https://w3id.org/nkkg/dataset#wikidata-links")
    assert int(meta.value(linkset, VOID.triples)) == links == 16  # 6 cities, 9 provinces, country
    partition = URIRef("https://w3id.org/nkkg/dataset#class-nkkg-StatusPeriod")
    periods = count(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) {?s <https://w3id.org/nkkg/ontology#statusPeriod> ?p}"
    )
    assert int(meta.value(partition, VOID.entities)) == periods == 34 + 66 + PROVINCE_UNIT_PERIODS
    assert meta.value(dataset, URIRef(f"{DCAT}version")) == Literal("0.1.0")
    assert (dataset, URIRef("http://purl.org/dc/terms/issued"), None) not in meta  # no clock


def test_sha256sums_lists_every_other_file(release: Path) -> None:
    lines = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest


def test_issued_date_goes_into_the_metadata(dated: Graph) -> None:
    issued = dated.value(
        URIRef("https://w3id.org/nkkg/dataset"), URIRef("http://purl.org/dc/terms/issued")
    )
    assert issued == Literal("2026-11-25", datatype=XSD.date)


def test_endpoint_goes_into_void(dated: Graph, graph: Graph, tmp_path: Path) -> None:
    dataset = URIRef("https://w3id.org/nkkg/dataset")
    assert dated.value(dataset, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    with pytest.raises(NkkgError, match=r"^--endpoint 'not a url': expected an http\(s\) URL$"):
        publish(tmp_path / "r", graph, endpoint="not a url")


def test_bad_issued_date_is_refused(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(NkkgError, match=r"^--issued '25/11/2026': expected a date as YYYY-MM-DD$"):
        publish(tmp_path / "r", graph, issued="25/11/2026")
    assert not (tmp_path / "r").exists()


def test_a_folder_that_is_not_a_release_is_not_replaced(graph: Graph, tmp_path: Path) -> None:
    target = tmp_path / "docs"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(NkkgError, match="the folder is not empty and holds no SHA256SUMS"):
        publish(target, graph)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]  # no temporary folder left


def test_cli_publish_replaces_an_earlier_release_whole_by_the_same_bytes(
    run_nkkg: RunNkkg, release: Path, tmp_path: Path
) -> None:
    target = tmp_path / "rel"
    shutil.copytree(release, target)
    (target / "nkkg.ttl").write_text("old")  # a file of the release, changed: refused
    kept = run_nkkg("publish", "--out", str(target))
    assert kept.stderr == (
        f"nkkg: error: cannot write release {target}: nkkg.ttl was changed since nkkg wrote it "
        "(its checksum differs from SHA256SUMS); move it away or choose another folder\n"
    )
    assert (target / "nkkg.ttl").read_text() == "old"
    shutil.copy(release / "nkkg.ttl", target / "nkkg.ttl")
    done = run_nkkg("publish", "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("published ")
    assert done.stdout.rstrip().endswith(f"-> {target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]  # no temporary folder left
    assert files_of(target) == files_of(release)  # publishing twice gives the same bytes
    bad = run_nkkg("publish", "--out", str(tmp_path / "missing" / "rel"))
    assert bad.returncode == 1
    assert bad.stderr == (
        f"nkkg: error: cannot write release {tmp_path / 'missing' / 'rel'}: "
        f"folder {tmp_path / 'missing'} does not exist\n"
    )


def test_pyongyang_entity_files(release: Path, graph: Graph) -> None:
    ttl = Graph().parse(release / "site/id/pyongyang.ttl")
    assert (ID.pyongyang, NKKG.isoCode, Literal("KP-01")) in ttl
    claim = ID["pyongyang-population-1"]
    assert (claim, NKKG.claimValue, Literal(3255288)) in ttl
    assert set(Graph().parse(release / "site/id/pyongyang.jsonld", format="json-ld")) == set(ttl)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_build_writes_the_release_bytes_in_every_format(
    run_nkkg: RunNkkg, release: Path, tmp_path: Path, fmt: RdfFormat
) -> None:
    out = tmp_path / f"nkkg.{fmt.extension}"
    result = run_nkkg("build", "--format", fmt.name, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (release / out.name).read_bytes()


def test_rdf_xml_writes_predicates_outside_the_prefix_table() -> None:
    g = Graph()
    g.add((ID.a, URIRef("http://example.org/z#p"), Literal("1")))
    g.add((ID.a, URIRef("http://example.org/a/q"), Literal("x & <y>", lang="en")))
    data = serialize(g, "rdfxml")
    assert b'<p xmlns="http://example.org/z#">1</p>' in data
    assert b'xml:lang="en">x &amp; &lt;y&gt;</q>' in data
    assert set(Graph().parse(data=data, format="xml")) == set(g)


def test_cli_refuses_to_publish_a_graph_with_violations(
    run_nkkg: RunNkkg, data_copy: Path, tmp_path: Path
) -> None:
    cities = data_copy / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    old = "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}"
    assert old in text
    cities.write_text(text.replace(old, old.replace("2004", "2006")), encoding="utf-8")
    done = run_nkkg("publish", "--data", str(data_copy), "--out", str(tmp_path / "rel"))
    assert done.returncode == 1
    assert done.stderr == (
        "nkkg: error: the graph has 1 SHACL violation, release not written: Nampo (id:nampo) "
        "nkkg:statusPeriod: status period period-2 (1980-2006) overlaps this one (2004-2011) "
        f"[nkkgsh:PeriodOverlapShape] (`nkkg validate --data {data_copy}` lists them all)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed(
    run_nkkg_process: RunNkkg, release: Path, tmp_path: Path
) -> None:
    # a process of its own: PYTHONHASHSEED only takes effect when the interpreter starts
    env = {**os.environ, "PYTHONHASHSEED": "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"}
    done = run_nkkg_process("publish", "--out", str(tmp_path / "rel"), env=env)
    assert done.returncode == 0, done.stderr
    assert files_of(tmp_path / "rel") == files_of(release)


def test_a_project_published_from_python_keeps_its_own_base(tmp_path: Path) -> None:
    # publish(out, project) without base=: the views read the IRIs the project minted
    from kg.pipeline import Project
    from kg.publish.release import publish

    publish(tmp_path / "rel", Project(base="http://example.org/kp/"))
    features = json.loads((tmp_path / "rel" / "nkkg.geojson").read_text())["features"]
    assert [f["id"] for f in features][:2] == ["chagang", "chongjin"]
