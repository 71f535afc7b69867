import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_build_writes_summary(run_nkkg, tmp_path: Path, counts) -> None:
    out = tmp_path / "g.ttl"
    result = run_nkkg("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == counts.summary(out) + "\n"


def test_version_is_pyprojects_and_stamped_into_the_ontology(run_nkkg) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL

    from kg import __version__
    from kg.graph.ontology import load_ontology
    from kg.rdf.namespace import ONTOLOGY_IRI

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    result = run_nkkg("--version")
    assert (result.returncode, result.stdout) == (0, f"nkkg {declared}\n")
    ontology = load_ontology()
    header = URIRef(ONTOLOGY_IRI)
    assert list(ontology.objects(header, OWL.versionInfo)) == [Literal(declared)]
    assert list(ontology.objects(header, OWL.versionIRI)) == [URIRef(f"{ONTOLOGY_IRI}/{declared}")]
    assert "versionInfo" not in (ROOT / "ontology" / "nkkg.ttl").read_text(encoding="utf-8")
