"""Every IRI the graph mints under id/ dereferences: a rule of site/.htaccess sends it to a
file of the release that exists, and to an anchor on that page or a file naming it.

The rules are applied as Apache's mod_rewrite reads them (a RewriteCond guards the
one RewriteRule after it; the first rule that matches wins, with [L]), for the
three Accept headers the file negotiates, with HOST standing for the release folder.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.publish.site.iris import minted
from kg.rdf.namespace import DEFAULT_BASE, NKKG

ACCEPT = {"html": "text/html", "turtle": "text/turtle", "jsonld": "application/ld+json"}


def rules(htaccess: str) -> list[tuple[str | None, re.Pattern[str], str]]:
    """(the Accept pattern guarding it or None, the path pattern, the target) per rule."""
    found, condition = [], None
    for line in htaccess.splitlines():
        if line.startswith("RewriteCond %{HTTP_ACCEPT} "):
            condition = line.split(" ", 2)[2]
        elif line.startswith("RewriteRule "):
            _, pattern, target, _flags = line.split(" ")
            found.append((condition, re.compile(pattern), target))
            condition = None
    return found


def resolve(table: list[tuple[str | None, re.Pattern[str], str]], path: str, accept: str) -> str:
    for condition, pattern, target in table:
        if condition is not None and not re.search(condition, accept):
            continue
        match = pattern.match(path)
        if match:
            return match.expand(target.replace("$", "\\"))
    return ""


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {v for k, v in attrs if k == "id" and v}


def ids_of(path: Path) -> set[str]:
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


@pytest.fixture(scope="module")
def table(release: Path) -> list[tuple[str | None, re.Pattern[str], str]]:
    return rules((release / "site" / ".htaccess").read_text(encoding="utf-8"))


def test_every_minted_iri_dereferences(
    release: Path, graph: Graph, table: list[tuple[str | None, re.Pattern[str], str]]
) -> None:
    iris = minted(graph)
    assert len(iris) >= 430
    assert any(re.search("[A-Z]", str(i)) for i in iris)  # e.g. a kind's claims
    pages: dict[Path, set[str]] = {}
    subjects: dict[Path, set[str]] = {}
    failures = []
    for iri in iris:
        path = "id/" + str(iri)[len(DEFAULT_BASE) :]
        for what, accept in ACCEPT.items():
            target = resolve(table, path, accept)
            if not target.startswith("https://HOST/"):
                failures.append(f"{iri} ({what}): no rule")
                continue
            file, _, fragment = target[len("https://HOST/") :].partition("#")
            local = release / file
            if not local.is_file():
                failures.append(f"{iri} ({what}): {file} does not exist")
            elif file.endswith(".html"):
                if local not in pages:
                    pages[local] = ids_of(local)
                if fragment and fragment not in pages[local]:
                    failures.append(f"{iri} ({what}): no anchor #{fragment} on {file}")
            else:
                fmt = ox.RdfFormat.TURTLE if file.endswith(".ttl") else ox.RdfFormat.JSON_LD
                if local not in subjects:  # pyoxigraph: rdflib's JSON-LD parser takes seconds
                    subjects[local] = {q.subject.value for q in ox.parse(path=local, format=fmt)}
                if str(iri) not in subjects[local]:
                    failures.append(f"{iri} ({what}): {file} has no triple about it")
    assert failures == []


def test_the_rules_route_by_accept_and_to_anchors(
    table: list[tuple[str | None, re.Pattern[str], str]],
) -> None:
    assert resolve(table, "id/pyongyang", "text/html") == "https://HOST/site/id/pyongyang.html"
    assert resolve(table, "id/pyongyang", "text/turtle") == "https://HOST/site/id/pyongyang.ttl"
    assert resolve(table, "id/chongjin-period-2", "text/html") == (
        "https://HOST/site/id/chongjin.html#chongjin-period-2"
    )
    assert resolve(table, "id/DirectlyGovernedCity-alt-label-1", "text/html") == (
        "https://HOST/site/ontology.html#DirectlyGovernedCity"
    )
    assert resolve(table, "id/source-article", "text/html") == (
        "https://HOST/site/sources.html#source-article"
    )
    assert resolve(table, "ontology", "text/turtle") == "https://HOST/ontology.ttl"
    assert resolve(table, "dataset/divisions.csv", "text/html") == "https://HOST/divisions.csv"
    assert resolve(table, "id/no-such-place", "text/html") == ""  # nothing minted, no rule


def test_every_link_to_an_ontology_term_lands_on_its_anchor(release: Path, graph: Graph) -> None:
    anchors = ids_of(release / "site" / "ontology.html")
    terms = {str(s)[len(str(NKKG)) :] for s in graph.subjects() if str(s).startswith(str(NKKG))}
    assert terms <= anchors  # every term of the ontology has a row
    linked = set()
    for page in (release / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert f'href="{NKKG}' not in text, page  # no bare w3id link a reader cannot open
        linked |= set(re.findall(r'href="(?:\.\./)?ontology\.html#([^"]+)"', text))
    assert {"City", "Province", "population"} <= linked <= anchors
