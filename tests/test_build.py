"""`nkkg build`: byte-stable output in every format, atomic writes, one-line errors."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import serialize
from kg.pipeline import default_project
from kg.rdf import formats
from kg.rdf.namespace import GEO, NKKG
from kg.resources import ontology_path
from tests.support.graphs import graph_of

FORMATS = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "trig": "trig"}
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}


def test_summary_line_and_default_path(run_nkkg, tmp_path: Path, counts) -> None:
    result = run_nkkg("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == counts.summary("nkkg.ttl") + "\n"
    assert (tmp_path / "nkkg.ttl").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nkkg.ttl"]  # no temporary file left


@pytest.mark.parametrize("fmt", FORMATS)
def test_default_path_per_format(run_nkkg, tmp_path: Path, fmt: str) -> None:
    result = run_nkkg("build", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"-> nkkg.{FORMATS[fmt]}\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_parses_back_to_the_same_triples(graph: Graph, fmt: str) -> None:
    data = serialize(graph, fmt)
    with_rdflib = Dataset().parse(data=data, format=RDFLIB_FORMATS[fmt])
    with_oxigraph = list(ox.parse(data, format=OX_FORMATS[fmt]))
    assert len(list(with_rdflib.quads())) == len(with_oxigraph) == len(graph)
    if fmt == "turtle":
        assert Graph().parse(data=data, format="turtle").isomorphic(graph)


def test_trig_puts_the_graph_in_one_named_graph(graph: Graph) -> None:
    quads = list(ox.parse(serialize(graph, "trig"), format=ox.RdfFormat.TRIG))
    assert {q.graph_name for q in quads} == {ox.NamedNode("https://w3id.org/nkkg/id")}


HASH_SEED_BUILD = """
import sys
from pathlib import Path
from kg import Project
project = Project()
for fmt in sys.argv[2:]:
    project.write(Path(sys.argv[1]) / f"out.{fmt}", fmt=fmt)
"""


@pytest.mark.slow
def test_same_bytes_in_process_and_across_hash_seeds(run_nkkg_process, tmp_path: Path) -> None:
    first = {fmt: serialize(graph_of(), fmt) for fmt in FORMATS}
    assert {fmt: serialize(graph_of(), fmt) for fmt in FORMATS} == first
    for seed in ("0",):  # with the in-process run's random seed and the command's seed 7 below
        folder = tmp_path / seed
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", HASH_SEED_BUILD, str(folder), *FORMATS],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert {fmt: (folder / f"out.{fmt}").read_bytes() for fmt in FORMATS} == first, seed
    # and once through the real command
    out = tmp_path / "cli.ttl"
    result = run_nkkg_process("build", "--out", str(out), env={**os.environ, "PYTHONHASHSEED": "7"})
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == first["turtle"]


def test_turtle_groups_each_subject_once(graph: Graph) -> None:
    text = serialize(graph).decode()
    subjects = re.findall(r"^(\S+) a ", text, flags=re.MULTILINE)
    assert len(subjects) == len(set(subjects))
    assert text.startswith("@prefix ")


def test_base_iri_changes_entity_iris(run_nkkg, tmp_path: Path) -> None:
    out = tmp_path / "g.nt"
    result = run_nkkg(
        "build", "--format", "nt", "--base", "http://example.org/kp/", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "<http://example.org/kp/pyongyang> " in text
    assert "w3id.org/nkkg/id/" not in text


def test_build_is_fast(graph: Graph) -> None:
    # Speed is reported by benchmarks; this only guards the shape of the data.
    assert 3000 < len(graph) < 40000  # the first level and the second level


# ---------------------------------------------------------------- the ontology covers the data


def declared_terms() -> set[URIRef]:
    ontology = Graph().parse(ontology_path())
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             RDF.Property, OWL.NamedIndividual, SKOS.ConceptScheme, NKKG.Rank)  # fmt: skip
    return {
        s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(str(NKKG))
    }


def test_namespace_module_matches_the_ontology() -> None:
    module_terms = {NKKG[name] for name in NKKG.__annotations__}
    assert module_terms == declared_terms()


def test_every_nkkg_term_in_the_data_is_declared(data_graph: Graph) -> None:
    used = {
        term
        for triple in data_graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(NKKG))
    }
    assert used, "the data uses the ontology"
    assert used - declared_terms() == set()


def test_every_declared_term_has_one_label_and_definition() -> None:
    ontology = Graph().parse(ontology_path())
    for term in declared_terms():
        labels = [o for o in ontology.objects(term, RDFS.label) if o.language == "en"]
        definitions = list(ontology.objects(term, SKOS.definition))
        assert len(labels) == 1, term
        assert len(definitions) == 1, term


def test_data_uses_only_known_vocabularies(data_graph: Graph) -> None:
    allowed = (str(NKKG), str(RDF), str(RDFS), str(SKOS), str(GEO))  # GeoSPARQL points
    predicates = {str(p) for p in data_graph.predicates()}
    assert all(p.startswith(allowed) for p in predicates), predicates


# ---------------------------------------------------------------- bad input

BAD_RECORDS = [
    # (file, old text, new text, expected one-line message)
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {source: [article, wp-nampo-2017],",
        "cities.yaml, record 'nampo', field 'claims.population[0]': "
        "give exactly one of a value, 'unknown: true' or 'novalue: true'",
    ),
    (
        "places.yaml",
        "- id: kwanso\n  claims:",
        "- claims:",
        "places.yaml, record #2, field 'id': required field is missing",
    ),
    (
        "cities.yaml",
        "{value: SpecialCity, source: article}\n    label:\n      - {value: Nampo",
        "{value: SpecialTown, source: article}\n    label:\n      - {value: Nampo",
        "cities.yaml, record 'nampo', field 'claims.kind[0].value': unknown kind 'SpecialTown' "
        "(known: AdministrativeRegion, City, Country, County, DirectlyGovernedCity, District, "
        "IndustrialRegion, KuDistrict, Province, Region, SpecialAdministrativeRegion, SpecialCity, "
        "SpecialLevelCity, TouristRegion)",
    ),
    (
        "cities.yaml",
        "{kind: DirectlyGovernedCity, start: 1980, end: 2004,",
        "{kind: DirectlyGovernedCity, start: 1980, end: 1970,",
        "cities.yaml, record 'nampo', field 'periods[1].end': end year 1970 is before start "
        "year 1980 (got 1970)",
    ),
    (
        "cities.yaml",
        "{kind: DirectlyGovernedCity, start: 1980, end: 2004,",
        "{kind: DirectlyGovernedCity, start: 1880, end: 2004,",
        "cities.yaml, record 'nampo', field 'periods[1].start': year 1880 is outside 1945..",
    ),
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {value: about 366 thousand, source: [article, wp-nampo-2017],",
        "cities.yaml, record 'nampo', field 'claims.population[0].value': Input should be a "
        "valid integer (got 'about 366 thousand')",
    ),
    (
        "places.yaml",
        "- id: haeso",
        "- id: kwanso",
        "places.yaml, record 'kwanso', field 'id': duplicate id, first used in",
    ),
    (
        "cities.yaml",
        "      - {value: 829, source: article}",
        "      - {value: 829, source: wikipedia}",
        "cities.yaml, record 'nampo', field 'claims.area_km2[0].source': unknown source id "
        "'wikipedia' (see sources.yaml)",
    ),
    (
        "cities.yaml",
        "{value: Q109386,",
        "{value: Q10938X,",
        "cities.yaml, record 'nampo', field 'claims.wikidata[0].value': String should match "
        "pattern '^Q[1-9][0-9]*$' (got 'Q10938X')",
    ),
    (
        "cities.yaml",
        "{value: 남포특별시, lang: ko-Hang,",
        "{value: 남포특별시, lang: ko_Hang,",
        "cities.yaml, record 'nampo', field 'claims.label[1].lang': 'ko_Hang' is not a valid "
        "BCP 47 language tag (got 'ko_Hang')",
    ),
    (
        "cities.yaml",
        "      - {value: waudo-guyok, source: article}",
        "      - {value: waudo-gu, source: article}",
        "cities.yaml, record 'nampo', field 'claims.seat[0].value': unknown record id 'waudo-gu'",
    ),
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {value: 366815, source: [article, wp-nampo-2017], rank: best,",
        "cities.yaml, record 'nampo', field 'claims.population[0].rank': Input should be "
        "'preferred' or 'normal' (got 'best')",
    ),
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {value: 366341, source: article}\n"
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "cities.yaml, record 'nampo', field 'claims.population': conflicting values need "
        "exactly one 'rank: preferred', or 'rank: normal' stated on every claim when no source "
        "is better",
    ),
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {value: 366815, source: [article, wp-nampo-2017], colour: red,",
        "cities.yaml, record 'nampo', field 'claims.population[0].colour': unknown field",
    ),
    (
        "sources.yaml",
        "  url: https://en.wikipedia.org/wiki/Nampo",
        "  url: en.wikipedia.org/wiki/Nampo",
        "sources.yaml, record 'wp-nampo', field 'url': String should match pattern",
    ),
    (
        "cities.yaml",
        "      - {value: 366815, source: [article, wp-nampo-2017],",
        "      - {value: 366815, source: [article, wp-nampo-2017]",
        "cities.yaml: line 105: YAML syntax error: did not find expected ',' or '}' "
        "(while parsing a flow mapping started on line 105)",
    ),
]


@pytest.mark.parametrize("file,old,new,message", BAD_RECORDS)
def test_bad_record_is_one_line_and_writes_nothing(
    run_nkkg, data_copy: Path, tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, "the test's edit must hit exactly one place"
    path.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out" / "g.ttl"
    out.parent.mkdir()

    result = run_nkkg("build", "--data", str(data_copy), "--out", str(out))

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"nkkg: error: {data_copy / file}")
    assert message in lines[0]
    assert list(out.parent.iterdir()) == []


def test_bad_base_iri(run_nkkg, tmp_path: Path) -> None:
    result = run_nkkg("build", "--base", "not an iri", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 2
    assert result.stderr == (
        "nkkg: error: invalid base IRI 'not an iri': expected an http(s) IRI ending in '/' or '#'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_fails_before_any_data_is_read(run_nkkg, tmp_path: Path) -> None:
    # --data names a folder that does not exist: the format is refused first
    result = run_nkkg(
        "build", "--format", "yaml", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "g")
    )
    assert result.returncode == 2
    assert result.stderr == (
        "nkkg: error: Invalid value for '--format' / '-f': 'yaml' is not one of "
        "'turtle', 'ttl', 'nt', 'ntriples', 'n-triples', 'nq', 'nquads', 'n-quads', 'jsonld', "
        "'json-ld', 'trig', 'rdfxml', 'xml', 'rdf'. (see 'nkkg build --help')\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_format_alias_and_every_format_choice_comes_from_the_registry(
    run_nkkg, tmp_path: Path
) -> None:
    from kg.cli.options import ReportFormat, ResultFormat, RowsFormat
    from kg.rdf import formats
    from kg.rdf.format_names import FormatName
    from kg.sparql import FORMATS as RESULT_FORMATS

    names = {n for f in formats.FORMATS for n in (f.name, *f.aliases)}
    assert {c.value for c in FormatName} == names
    rdf_names = [f.name for f in formats.FORMATS]
    assert [c.value for c in ResultFormat] == [*RESULT_FORMATS, *rdf_names]
    assert [c.value for c in ReportFormat] == ["text", "turtle", "json"]
    assert [c.value for c in RowsFormat] == ["table", "csv", "json", "jsonl"]
    result = run_nkkg("build", "--format", "ttl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "nkkg.ttl").read_bytes() == serialize(graph_of())


def test_the_format_names_and_the_writers_name_the_same_formats(monkeypatch) -> None:
    """kg.rdf.format_names (light, for the CLI) and kg.rdf.formats cannot drift apart."""
    import importlib
    import sys

    from kg.rdf import format_names

    names = [f.name for f in importlib.import_module("kg.rdf.formats").FORMATS]
    assert names == list(format_names.NAMES)
    monkeypatch.setattr(format_names, "SYNTAXES", format_names.SYNTAXES[:-1])
    monkeypatch.delitem(sys.modules, "kg.rdf.formats")
    with pytest.raises(ImportError, match="name other formats"):
        importlib.import_module("kg.rdf.formats")


def test_missing_output_folder(run_nkkg, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "g.ttl"
    result = run_nkkg("build", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == f"nkkg: error: cannot write {out}: folder {out.parent} does not exist\n"


def test_missing_data_folder(run_nkkg, tmp_path: Path) -> None:
    result = run_nkkg("build", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 2  # unusable input
    assert result.stderr == f"nkkg: error: {tmp_path / 'none'}: no such data folder\n"


def test_failed_build_keeps_the_previous_output(run_nkkg, data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("previous\n")
    (data_copy / "cities.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    result = run_nkkg("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "g.ttl"]


@pytest.mark.parametrize("ext", ["nt", "nq", "jsonld", "trig", "rdf", "ttl"])
def test_the_format_follows_the_extension(run_nkkg, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"g.{ext}"
    result = run_nkkg("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    fmt = formats.for_path(out)
    assert out.read_bytes() == default_project().serialize(fmt)
    assert formats.for_output(out) is fmt


def test_a_matching_format_and_extension_are_fine(run_nkkg, tmp_path: Path) -> None:
    out = tmp_path / "g.nt"
    assert run_nkkg("build", "--out", str(out), "--format", "ntriples").returncode == 0
    assert out.read_bytes() == default_project().serialize("nt")
    other = tmp_path / "g.graph"  # no known extension: --format decides, Turtle by default
    assert run_nkkg("build", "--out", str(other), "-f", "nt").returncode == 0
    assert other.read_bytes() == out.read_bytes()


def test_a_symlink_is_followed_and_its_target_replaced(run_nkkg, tmp_path: Path) -> None:
    target = tmp_path / "real.ttl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    result = run_nkkg("build", "--out", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes() == default_project().serialize("turtle")
    assert target.stat().st_mode & 0o777 == 0o600  # the replaced file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]


def test_special_files_are_refused_and_left_alone(run_nkkg, tmp_path: Path) -> None:
    fifo, folder = tmp_path / "fifo", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    for path, kind in (
        (fifo, "not a regular file (device, FIFO or socket)"),
        (folder, "a directory"),
    ):
        result = run_nkkg("build", "--out", str(path))
        assert (result.returncode, result.stderr) == (
            1,
            f"nkkg: error: cannot write {path}: it is {kind}\n",
        )
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and folder.is_dir() and not any(folder.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder"]
