"""The static site: index, timeline, entity pages, ontology, queries, .htaccess, escaping."""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.publish import publish
from kg.rdf.namespace import NKKG
from kg.sparql import saved_queries
from kg.validation.shapes import load_shapes
from kg.views import Views
from tests.second_level import PROVINCE_UNIT_PERIODS

ID = Namespace("https://w3id.org/nkkg/id/")


@pytest.fixture(scope="module")
def site(release: Path) -> Path:
    return release / "site"


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
    assert "hwanghae" not in names  # a province until 1954
    assert not [n for n in names if n.endswith("-region")]  # zones: first-level false preferred
    assert len([n for n in names if n.startswith(("north-", "south-"))]) == 6


# a zone counts only where its plain nkkg:firstLevel is true (none is, in this release)
TIMELINE_PERIODS = """
SELECT (COUNT(?period) AS ?n) {
  ?place nkkg:statusPeriod ?period .
  FILTER (NOT EXISTS { ?place nkkg:firstLevel ?any } || EXISTS { ?place nkkg:firstLevel true })
}"""
# periods spent inside a province with no kind of their own (second-level units hold one)
WITHIN_PERIODS = (
    "SELECT (COUNT(?p) AS ?n) {?s nkkg:statusPeriod ?p . ?p nkkg:withinProvince ?v "
    "FILTER NOT EXISTS {?p nkkg:kind ?k}}"
)


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query, initNs={"nkkg": NKKG})))[0])  # type: ignore[index]


def test_timeline_has_one_bar_per_status_period(site: Path, graph: Graph) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    timeline = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"')[1]
    timeline = timeline.split("</svg>")[0]
    bars = re.findall(r'<rect class="period" data-kind="(\w+)"', timeline)
    # 100 periods less the 3 zones', and the provinces' units (kg/data/units-<province>.yaml)
    assert len(bars) == count(graph, TIMELINE_PERIODS) == 97 + PROVINCE_UNIT_PERIODS
    assert bars.count("withinProvince") == count(graph, WITHIN_PERIODS) == 10  # Nampo's pre-1980
    assert bars.count("Province") == 10  # the nine provinces and Hwanghae
    assert bars.count("DirectlyGovernedCity") == 7
    assert not {"IndustrialRegion", "TouristRegion", "SpecialAdministrativeRegion"} & set(bars)
    assert '<text x="195" y="' in timeline and ">1950</text>" in timeline  # 150 + 5 years
    assert timeline.index(">1950</text>") < timeline.index(">2010</text>")
    assert '<a href="id/hwanghae.html">Hwanghae</a>' in timeline
    assert "<title>Hwanghae: Province 1945–1954</title>" in timeline
    assert 'data-kind="Province" x="150"' in timeline  # 1945, the profile's first year
    assert 'fill="#b0b0b0"' in timeline  # province spans in grey
    # the axis runs to the year after the data's latest date (the Kaesong navbox of 2024-10,
    # the latest bound of Changp'ung's return), so Kaesong's special-city period since 2019
    # is 6 years of 9 px wide
    kaesong = timeline.split("<title>Kaesong: SpecialCity 2019–</title>")[0].rsplit("<rect", 1)[1]
    assert 'data-kind="SpecialCity" x="816" ' in kaesong and 'width="54"' in kaesong
    assert "<title>Kaesong: SpecialCity 2019–</title>" in timeline
    assert (  # the legend in every script, each name marked with its language
        '<tspan lang="ko-hang">직할시</tspan> · <tspan lang="ko-hani">直轄市</tspan> · '
        '<tspan lang="ko-latn-x-mr">chikhalsi</tspan>'
    ) in timeline
    assert "<title>Chongjin: DirectlyGovernedCity 1977–1985</title>" in timeline
    page = (site / "id/pyongyang.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<rect class="period"', page)) == 1
    assert "within a province" not in page  # no province span drawn, none in the legend


def test_pyongyang_page(site: Path, graph: Graph) -> None:
    html = (site / "id/pyongyang.html").read_text(encoding="utf-8")
    assert "<title>Pyongyang</title>" in html  # the English label, whatever the triples' order
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


def test_the_title_is_the_english_label_whatever_the_order_of_the_triples(graph: Graph) -> None:
    reversed_graph = Graph()
    for triple in sorted(graph, reverse=True):
        reversed_graph.add(triple)
    for g in (graph, reversed_graph):
        assert Views.of(g).display_label(ID["mount-kumgang-tourist-region"]) == (
            "Mount Kumgang Tourist Region"
        )
        assert Views.of(g).display_label(ID["no-such-place"]) is None


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
    assert len(terms) == 74  # 33 classes, 41 properties
    for term in terms:  # each on a row of its own, the anchor of its IRI's fragment
        local = str(term).split("#")[1]
        assert f'<td><code id="{local}">nkkg:{local}</code></td>' in html
    assert (
        '<td><code id="population">nkkg:population</code></td><td>population</td>'
        "<td>The number of inhabitants"
    ) in html
    # the named individuals, which pyLODE left out, have rows too: all seven
    individuals = sorted(
        str(s).split("#")[1]
        for s in graph.subjects(RDF.type, OWL.NamedIndividual)
        if str(s).startswith(str(NKKG))
    )
    assert individuals == [
        "DayPrecision",
        "MonthPrecision",
        "NoValue",
        "NormalRank",
        "PreferredRank",
        "UnknownValue",
        "YearPrecision",
    ]
    for local in individuals:
        assert f'<td><code id="{local}">nkkg:{local}</code></td>' in html
    # the page names the ontology by its own IRI, not by the concept scheme's
    assert "<p>Ontology IRI: <code>https://w3id.org/nkkg/ontology</code> · version " in html
    shapes = load_shapes()
    kinds = (SH.NodeShape, SH.PropertyShape)
    described = {s for s in shapes.subjects(RDFS.comment) if "#" in str(s)}
    shown = {s for s in described if any((s, RDF.type, k) in shapes for k in kinds)}
    assert len(shown) > 60
    for shape in shown:
        assert html_escape(str(shapes.value(shape, RDFS.comment))) in html
    # the notes on the SPARQL constraints are for developers (engines, timings): not shown
    for note in described - shown:
        assert html_escape(str(shapes.value(note, RDFS.comment))) not in html
    assert len(described - shown) > 10


def test_queries_page_has_every_saved_query_with_its_answer(site: Path) -> None:
    html = (site / "queries.html").read_text(encoding="utf-8")
    for query in saved_queries():
        assert f'<h2 id="{query.name}">' in html
    section = html.split('<h2 id="status-history">')[1].split("<h2 ")[0]
    assert "Answer on this release (city = rason): 4 rows." in section
    assert "<td>2010</td><td></td><td>nkkg:SpecialCity</td>" in section


def test_htaccess_negotiates_html_turtle_and_jsonld(site: Path) -> None:
    """The rules for one entity, as written; tests/test_publish_iris.py walks them all."""
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    names = "haeju|haeju-kind-1|haeju-label-1|haeju-located-in-1"
    assert (
        "RewriteCond %{HTTP_ACCEPT} text/turtle\n"
        f"RewriteRule ^id/({names})$ https://HOST/site/id/haeju.ttl [R=303,L]\n"
        "RewriteCond %{HTTP_ACCEPT} application/ld\\+json\n"
        f"RewriteRule ^id/({names})$ https://HOST/site/id/haeju.jsonld [R=303,L]\n"
        "RewriteRule ^id/(haeju)$ https://HOST/site/id/haeju.html [R=303,L]\n"
        "RewriteRule ^id/(haeju-kind-1|haeju-label-1|haeju-located-in-1)$ "
        "https://HOST/site/id/haeju.html#$1 [R=303,NE,L]\n"
    ) in rules


def test_map_draws_every_point_with_its_label(site: Path, graph: Graph) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    svg = html.split('class="map"')[1].split("</svg>")[0]
    located = count(
        graph,
        "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
        "SELECT (COUNT(DISTINCT ?s) AS ?n) {?s geo:hasGeometry/geo:asWKT ?w}",
    )
    assert svg.count('class="place"') == located == 15
    assert svg.count('<rect class="place"') == 9  # the provinces: open squares
    assert '<a href="id/chongjin.html"><circle class="place"' in svg
    assert ">Chongjin</text></a>" in svg and ">North Hamgyong</text></a>" in svg
    # the country's outline from the vendored Natural Earth file, with its attribution;
    # no province boundaries, which no source gives
    outline = svg.split('<polygon class="outline" points="')[1].split('"')[0].split()
    assert len(outline) == 44  # the 1:110m ring, first point repeated at the end
    assert svg.count('class="outline"') == 1  # the degenerate 4-point sliver is dropped
    assert "Made with Natural Earth." in svg
    assert 'role="img"' not in html  # links inside an SVG stay visible to screen readers


def test_entity_page_lists_its_change_events(site: Path) -> None:
    html = (site / "id/chongjin.html").read_text(encoding="utf-8")
    events = html.split("<h2>Change events</h2>")[1].split("</table>")[0]
    assert events.count("<tr") == 5  # a header and four derived events
    assert '<tr id="chongjin-change-2">' in events  # the anchor of the event's IRI
    row = events.split("<td>1967</td>")[1].split("</tr>")[0]
    assert row.startswith('<td><a href="../ontology.html#Absorption">absorption</a></td>')
    assert '<a href="chongjin.html">chongjin</a>' in row
    assert '<a href="north-hamgyong.html">north-hamgyong</a>' in row
    assert "https://en.wikipedia.org/wiki/" in row
    hwanghae = (site / "id/hwanghae.html").read_text(encoding="utf-8")
    assert (
        '<td>1954</td><td><a href="../ontology.html#Split">split</a></td>'
        '<td><a href="hwanghae.html">hwanghae</a></td>'
    ) in hwanghae


def test_every_entity_page_has_its_files(site: Path) -> None:
    slugs = {p.stem for p in (site / "id").glob("*.html")}
    assert {"pyongyang", "chongjin", "north-hamgyong", "north-korea", "kwanso"} <= slugs
    for slug in slugs:
        assert (site / "id" / f"{slug}.ttl").is_file()
        json.loads((site / "id" / f"{slug}.jsonld").read_text(encoding="utf-8"))


def test_a_zone_counts_where_its_plain_first_level_is_true(graph: Graph) -> None:
    from rdflib import XSD

    from kg.publish.site import index_page
    from kg.rdf.namespace import DEFAULT_BASE

    copy = Graph()
    for triple in graph:
        copy.add(triple)
    zone = ID["kaesong-industrial-region"]
    copy.set((zone, NKKG.firstLevel, Literal(True, datatype=XSD.boolean)))
    html = index_page(copy, DEFAULT_BASE, {})
    table = html.split("<h2>Current first-level cities and provinces</h2>")[1].split("</table>")[0]
    assert '<a href="id/kaesong-industrial-region.html">' in table
    assert (
        html.count('<rect class="period"')
        == count(copy, TIMELINE_PERIODS)
        == 98 + PROVINCE_UNIT_PERIODS
    )
    assert html.count('data-kind="IndustrialRegion"') == 1


def test_index_is_citable_and_links_out(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    # thousands separators, and the identifiers as links
    assert "<td>3,255,288</td>" in html
    assert '<a href="http://www.wikidata.org/entity/Q18808">Q18808</a>' in html
    # Pyongyang's preferred GeoNames link is the division (admin1), not the city
    assert '<a href="https://sws.geonames.org/1871856/">1871856</a>' in html
    # licence, version and a citation
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>' in html
    assert "Version 0.1.0." in html
    assert (
        "nkkg contributors. <cite>nkkg: North Korea&#x27;s first-level divisions through "
        "time</cite>, version 0.1.0."
    ) in html
    # schema.org Dataset markup that a JSON-LD reader takes, each download with its URL
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    dataset = json.loads(script)
    assert (dataset["@type"], dataset["version"]) == ("Dataset", "0.1.0")
    urls = {d["contentUrl"] for d in dataset["distribution"]}
    top = {p.name for p in site.parent.iterdir() if p.is_file()} - {"SHA256SUMS"}
    assert urls == {"https://w3id.org/nkkg/" + name for name in top} and len(urls) == 16
    # kinds and properties by label, linked to their definition
    assert '<a href="ontology.html#DirectlyGovernedCity">directly governed city</a>' in html
    page = (site / "id/chongjin.html").read_text(encoding="utf-8")
    assert '<a href="../ontology.html#population">population</a>' in page
    assert "nkkg:" not in page.split("<body>")[1].split('<script type="application/ld+json">')[0]


HANGUL_OR_HANJA = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\uf900-\ufaff]")
VOID = {"meta", "br", "img", "input", "link", "circle", "rect", "line", "polygon", "path"}


class KoreanOutsideKo(HTMLParser):
    """Text with Hangul or Hanja whose nearest lang is not Korean (scripts are not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.langs: list[str | None] = []
        self.tags: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.tags.append(tag)
            self.langs.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.tags.pop()
            self.langs.pop()

    def handle_data(self, data: str) -> None:
        if "script" in self.tags or not HANGUL_OR_HANJA.search(data):
            return
        lang = next((tag for tag in reversed(self.langs) if tag), "")
        if not lang.lower().startswith("ko"):
            self.found.append(data.strip())


def test_every_korean_run_is_marked_korean(site: Path) -> None:
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = KoreanOutsideKo()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.name] = parser.found
    assert found == {}
    chongjin = (site / "id/chongjin.html").read_text(encoding="utf-8")
    assert 'the article&#x27;s division name <span lang="ko-Hang">청진시</span> is' in chongjin


def test_the_search_index_has_every_entity_in_every_script(site: Path, graph: Graph) -> None:
    from kg.publish.site.search import search_index

    index = {e["slug"]: e["names"] for e in search_index(graph, "https://w3id.org/nkkg/id/")}
    assert index["pyongyang"][0] == "Pyongyang"
    assert {"평양직할시", "平壤直轄市"} <= set(index["pyongyang"])
    assert len(index) == len(list((site / "id").glob("*.html")))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<input id="search" type="search"' in html


def test_the_index_shows_every_periods_years(site: Path, graph: Graph) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    periods = html.split("<summary>Every status period")[1].split("</details>")[0]
    assert periods.count("<tr>") == 1 + len(set(graph.subject_objects(NKKG.statusPeriod))) == 176
    assert (
        '<td><a href="id/chongjin.html">Chongjin</a></td>'
        '<td><a href="ontology.html#DirectlyGovernedCity">directly governed city</a></td>'
        "<td>1960</td><td>1967</td>"
    ) in periods
