"""The static site: index, timeline, entity pages, ontology, queries, .htaccess, escaping."""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.namespace import NKKG
from kg.publish import publish
from kg.sparql import saved_queries
from kg.validation.shacl import load_shapes

ID = Namespace("https://w3id.org/nkkg/id/")


@pytest.fixture(scope="module")
def site(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("site") / "release", graph).path / "site"


class _Resources(HTMLParser):
    """Every URL a page would load (not follow): src, link href, inline url(...)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "srcset", "data", "poster"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag in ("link", "use", "image") and values.get("href"):
            self.urls.append(values["href"] or "")

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
        self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def resource_urls(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.urls


def test_pages_load_nothing_from_elsewhere(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        urls = resource_urls(page.read_text(encoding="utf-8"))
        assert all(u.startswith("#") for u in urls), (page.name, urls)  # only fill patterns


def test_index_lists_the_current_first_level_divisions(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    table = html.split("<h2>Current first-level cities and provinces</h2>")[1].split("</table>")[0]
    names = re.findall(r'<a href="id/([a-z-]+)\.html">', table)
    assert len(names) == 13
    assert names[:2] == ["pyongyang", "south-pyongan"]  # in ISO code order
    assert {"rason", "nampo", "kaesong"} <= set(names)
    assert not {"chongjin", "hamhung"} & set(names)  # back in their provinces


def test_timeline_has_one_bar_per_status_period(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    timeline = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"')[1]
    timeline = timeline.split("</svg>")[0]
    bars = re.findall(r'<rect class="period" data-kind="(\w+)"', timeline)
    assert len(bars) == 20
    assert bars.count("province") == 9
    assert bars.count("DirectlyGovernedCity") == 7
    assert "직할시 · 直轄市 · chikhalsi" in timeline  # legend in every script
    assert "<title>Chongjin: DirectlyGovernedCity 1977–1985</title>" in timeline
    page = (site / "id/pyongyang.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<rect class="period"', page)) == 1
    assert "within a province" not in page  # no province span drawn, none in the legend


def test_pyongyang_page(site: Path, graph: Graph) -> None:
    html = (site / "id/pyongyang.html").read_text(encoding="utf-8")
    assert '<span lang="ko-hang">평양직할시</span>' in html
    assert '<span lang="ko-hani">平壤直轄市</span>' in html
    assert '<a href="http://www.wikidata.org/entity/Q18808">wd:Q18808</a>' in html
    assert 'located in <a href="north-korea.html">north-korea</a>' in html
    assert 'contains <a href="chung-guyok.html">chung-guyok</a>' in html
    assert "article&#x27;s infobox (population range)" in html
    assert '<a href="pyongyang.ttl">Turtle</a>' in html
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    embedded = Graph().parse(data=script.replace("<\\/", "</"), format="json-ld")
    assert set(embedded) == set(Graph().parse(site / "id/pyongyang.ttl"))
    assert (ID.pyongyang, RDFS.label, Literal("평양직할시", lang="ko-hang")) in embedded


def test_text_from_the_data_is_escaped(graph: Graph, tmp_path: Path) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.set((ID.rason, RDFS.label, Literal("</script><b>Rason</b>", lang="en")))
    site = publish(tmp_path / "r", copy).path / "site"
    page = (site / "id/rason.html").read_text(encoding="utf-8")
    assert "<b>Rason</b>" not in page
    assert "&lt;/script&gt;&lt;b&gt;Rason&lt;/b&gt;" in page
    assert page.count("</script>") == 1  # the JSON-LD script is not ended early
    assert "<b>Rason</b>" not in (site / "index.html").read_text(encoding="utf-8")


def test_ontology_page_documents_every_term_and_constraint(site: Path, graph: Graph) -> None:
    html = (site / "ontology.html").read_text(encoding="utf-8")
    terms = {
        s
        for t in (
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            RDF.Property,
        )
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith(str(NKKG))
    }
    assert len(terms) == 39  # 16 classes, 23 properties
    for term in terms:
        assert f"<td>nkkg:{str(term).split('#')[1]}</td>" in html
    assert "<td>nkkg:population</td><td>population</td><td>The number of inhabitants" in html
    assert '<span lang="ko-hani">特級市</span> (ko-hani)' in html
    shapes = load_shapes()
    comments = [str(c) for s, c in shapes.subject_objects(RDFS.comment) if "#" in str(s)]
    assert len(comments) > 10
    for comment in comments:
        assert html_escape(comment) in html


def test_queries_page_has_every_saved_query_with_its_answer(site: Path) -> None:
    html = (site / "queries.html").read_text(encoding="utf-8")
    for query in saved_queries():
        assert f'<h2 id="{query.name}">' in html
    section = html.split('<h2 id="status-history">')[1].split("<h2 ")[0]
    assert "Answer on this release (city = rason): 4 rows." in section
    assert "<td>2010</td><td></td><td>nkkg:SpecialCity</td>" in section


def test_htaccess_negotiates_html_turtle_and_jsonld(site: Path) -> None:
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle\nRewriteRule ^id/([a-z0-9-]+)$ " in rules
    assert "/site/id/$1.ttl [R=303,L]" in rules
    assert "/site/id/$1.jsonld [R=303,L]" in rules
    assert "/site/id/$1.html [R=303,L]" in rules


def test_every_entity_page_has_its_files(site: Path) -> None:
    slugs = {p.stem for p in (site / "id").glob("*.html")}
    assert {"pyongyang", "chongjin", "north-hamgyong", "north-korea", "kwanso"} <= slugs
    for slug in slugs:
        assert (site / "id" / f"{slug}.ttl").is_file()
        json.loads((site / "id" / f"{slug}.jsonld").read_text(encoding="utf-8"))
