"""`nkkg link export`: QuickStatements from the graph's sourced differences, round-trip tested.

A real Oxigraph server holds the Wikidata fixture (tests/fixtures/wikidata.ttl, QIDs
from Q900000001 up fictitious). The round trip applies the batch to a copy of the
fixture through a small translator from V1 commands to SPARQL Update in Wikidata's
RDF model, then `kg.wikidata.diff` compares again.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import WIKIDATA_FIXTURE as FIXTURE
from conftest import load_turtle
from province_facts import PROVINCES as PROVINCE_FACTS
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from kg.errors import NkkgError
from kg.rdf.namespace import NKKG
from kg.store.oxigraph import OxigraphServer
from kg.wikidata import DiffRow, Service, Status, diff
from kg.wikidata.quickstatements import ReviewRow, export
from kg.wikidata.references import (
    HELP_SOURCES,
    REFERENCE_TERMS,
    DocumentedItems,
    Source,
    read_items,
    reference,
)
from kg.wikidata.v1 import Unencodable, qs_string, qs_time
from tests.support.graphs import graph_of

ID = "https://w3id.org/nkkg/id/"
# Fictitious items of the fixture, "documented" by the fixture itself: test data only.
FIXTURE_DOC = "https://w3id.org/nkkg/tests/fixtures/wikidata.ttl"
ITEMS_YAML = f"""\
wikipedia:
  en.wikipedia.org: {{item: Q900000030, doc: "{FIXTURE_DOC}", label: English Wikipedia (test)}}
units:
  km2: {{item: Q900000020, doc: "{FIXTURE_DOC}", label: square kilometre (test)}}
"""
KINDS_YAML = f"""\
kinds:
  SpecialCity: {{item: Q900000010, doc: "{FIXTURE_DOC}"}}
  DirectlyGovernedCity: {{item: Q900000011, doc: "{FIXTURE_DOC}"}}
"""
# A planted Korean label that no QuickStatements string can carry unchanged
PLANTED = '조선 "민주주의"\t인민\n공화국'
SECOND = "differs from Wikidata: added as a second statement for an editor to rank"
SPECIAL_CITIES = "https://en.wikipedia.org/wiki/Special_cities_of_North_Korea"
ISO_KP = "https://en.wikipedia.org/wiki/ISO_3166-2:KP"
PROVINCES = "https://en.wikipedia.org/wiki/Provinces_of_North_Korea"
CHONGJIN = "https://en.wikipedia.org/wiki/Chongjin"
ISO_UPDATES = "https://github.com/amckenna41/iso3166-updates"
# The GeoNames sources: public copies of GeoNames' files and Who's On First (web pages: S854)
ADMIN1 = '"https://github.com/GetTogetherComm/GetTogether/blob/master/admin1CodesASCII.txt"'
CITIES15000 = '"https://github.com/CliveEvans/lucene-spike/blob/master/cities15000.txt"'
WOF = '"https://github.com/whosonfirst-data/whosonfirst-data-admin-kp"'
NAMPO_2017 = '"https://cloudflare-ipfs.com/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Nampo.html"'
FIXTURE_WP = "Q900000030"  # the fixture's English Wikipedia item (--items)


def wp(article: str, edition: str = FIXTURE_WP) -> tuple[str, ...]:
    """A Wikipedia reference: imported from (P143) the edition, Wikimedia import URL (P4656)."""
    return ("S143", edition, "S4656", f'"{article}"')


CENSUS = ("P585", "+2008-00-00T00:00:00Z/9")  # the provinces' 2008 census, a year
ISO_LOG = f'"{ISO_UPDATES}"'


def qs(*parts: str) -> str:
    return "\t".join(parts)


WIKINEWS_2011 = (
    "https://ko.wikinews.org/wiki/%EC%A1%B0%EC%84%A0%EB%AF%BC%EC%A3%BC%EC%A3%BC%EC%9D%98%EC%9D%B8"
    "%EB%AF%BC%EA%B3%B5%ED%99%94%EA%B5%AD,_%ED%96%89%EC%A0%95_%EA%B5%AC%EC%97%AD_%EB%B0%8F_%EB%82"
    "%B4%EA%B0%81_%EA%B0%9C%ED%8E%B8"
)
# Nampo a special city from 2010 (the earliest start): the Nampo article and Wikinews
NAMPO_P31 = qs("Q109386", "P31", "Q900000010", "P580", "+2010-00-00T00:00:00Z/9",
               *wp("https://en.wikipedia.org/wiki/Nampo"), "!" + wp(SPECIAL_CITIES)[0],
               *wp(SPECIAL_CITIES)[1:], "!S854",
               f'"{WIKINEWS_2011}"')  # fmt: skip


def province_geonames(qid: str, geonames_id: str) -> str:
    """A province's GeoNames ID: admin1 codes and Who's On First give the same id."""
    return qs(qid, "P1566", f'"{geonames_id}"', "S854", ADMIN1, "!S854", WOF)


def city_geonames(qid: str, geonames_id: str) -> str:
    return qs(qid, "P1566", f'"{geonames_id}"', "S854", CITIES15000)


# The packaged data against the fixture, by entity id. The fixture has no GeoNames ID
# and no Korean label for the provinces, and no population or area for them; the
# GeoNames ids are the values of GeoNames' admin1 codes (provinces, Rason) and
# cities15000 (the cities). Values that agree (every current ISO code but Rason's,
# Pyongyang's, Rason's and Kaesong's populations, the cities' areas, their labels)
# give nothing; the letter codes (until 2010-02-03), Rason's 2008 census figure (normal
# rank) and Kaesong's no-value ISO claim are not best-ranked current values.
RASON_KP13 = qs(
    "Q221734", "P300", '"KP-13"', "P580", "+2010-02-03T00:00:00Z/11",
    *wp(ISO_KP), "!" + wp(SPECIAL_CITIES)[0], *wp(SPECIAL_CITIES)[1:], "!S854", ISO_LOG,
)  # fmt: skip
# Nampo: the article's figure, dated to the 2008 census by a 2017 copy of the Nampo
# article (a web page: S854), beside the article itself
NAMPO_REFS = ("S854", NAMPO_2017, "!" + wp(SPECIAL_CITIES)[0], *wp(SPECIAL_CITIES)[1:])
NAMPO_POPULATION = qs("Q109386", "P1082", "366815", *CENSUS, *NAMPO_REFS)
WITH_ITEMS = (
    qs("Q272406", "P1082", "1299830", *CENSUS, *wp(PROVINCES)),  # chagang
    qs("Q272406", "P2046", "16765U900000020", *wp(PROVINCES)),
    province_geonames("Q272406", "2045265"),
    qs("Q272406", "Lko", '"자강도"'),
    qs("Q109336", "P1082", "627000", *wp(CHONGJIN)),  # chongjin: 667929 agrees, 627000 is the other
    city_geonames("Q109336", "2044757"),
    city_geonames("Q109356", "1877449"),  # hamhung
    city_geonames("Q109079", "1876373"),  # kaesong
    qs("Q41416", "P1082", "1477582", *CENSUS, *wp(PROVINCES)),  # kangwon
    qs("Q41416", "P2046", "11091U900000020", *wp(PROVINCES)),
    province_geonames("Q41416", "1876101"),
    qs("Q41416", "Lko", '"강원도"'),
    NAMPO_POPULATION,
    city_geonames("Q109386", "1873757"),
    qs("Q109361", "P1082", "2327362", *CENSUS, *wp(PROVINCES)),  # north-hamgyong
    qs("Q109361", "P2046", "15980U900000020", *wp(PROVINCES)),
    province_geonames("Q109361", "2044245"),
    qs("Q109361", "Lko", '"함경북도"'),
    qs("Q109342", "P1082", "2113672", *CENSUS, *wp(PROVINCES)),  # north-hwanghae
    qs("Q109342", "P2046", "8153.7U900000020", *wp(PROVINCES)),
    province_geonames("Q109342", "1876888"),
    qs("Q109342", "Lko", '"황해북도"'),
    qs("Q109348", "P1082", "2728662", *CENSUS, *wp(PROVINCES)),  # north-pyongan
    qs("Q109348", "P2046", "12680.3U900000020", *wp(PROVINCES)),
    province_geonames("Q109348", "1871954"),
    qs("Q109348", "Lko", '"평안북도"'),
    qs("Q18808", "P1566", '"1871856"', "S854", ADMIN1),  # pyongyang: the division (KP.12)
    # rason: the numeric code since 2010-02-03, a second P300 beside the fixture's KP-99
    RASON_KP13,
    qs("Q221734", "P1566", '"2054927"', "S854", ADMIN1),  # admin1 only (WOF's is wrong)
    qs("Q110171", "P1082", "719269", *CENSUS, *wp(PROVINCES)),  # ryanggang
    qs("Q110171", "P2046", "13880U900000020", *wp(PROVINCES)),
    province_geonames("Q110171", "2039332"),
    qs("Q110171", "Lko", '"량강도"'),
    qs("Q109368", "P1082", "3066013", *CENSUS, *wp(PROVINCES)),  # south-hamgyong
    qs("Q109368", "P2046", "18534U900000020", *wp(PROVINCES)),
    province_geonames("Q109368", "1877450"),
    qs("Q109368", "Lko", '"함경남도"'),
    qs("Q626052", "P1082", "2310485", *CENSUS, *wp(PROVINCES)),  # south-hwanghae
    qs("Q626052", "P2046", "8450.3U900000020", *wp(PROVINCES)),
    province_geonames("Q626052", "1876884"),
    qs("Q626052", "Lko", '"황해남도"'),
    qs("Q109380", "P1082", "4051696", *CENSUS, *wp(PROVINCES)),  # south-pyongan
    qs("Q109380", "P2046", "11890.6U900000020", *wp(PROVINCES)),
    province_geonames("Q109380", "1871952"),
    qs("Q109380", "Lko", '"평안남도"'),
)
# Without --items: the same batch with the packaged items, English Wikipedia (Q328)
# and the square kilometre (Q712226), each from the public tool or page it follows
WITHOUT_ITEMS = tuple(
    c.replace(f"S143\t{FIXTURE_WP}\t", "S143\tQ328\t").replace("U900000020", "U712226")
    for c in WITH_ITEMS
)
RASON_ISO = (
    "rason",
    "Q221734",
    "P300",
    "KP-99",
    "KP-13",
    f"{ISO_KP}; {SPECIAL_CITIES}; {ISO_UPDATES}",
)
WITH_ITEMS_REVIEW = (
    ReviewRow("chongjin", "Q109336", "P1082", "667929", "627000", CHONGJIN, SECOND),
    ReviewRow(
        "nampo",
        "Q109386",
        "P1082",
        "366341 (2008-10-01)",
        "366815 (2008)",
        f"{NAMPO_2017[1:-1]}; {SPECIAL_CITIES}",
        SECOND,
    ),
    ReviewRow(*RASON_ISO, SECOND),
)


@pytest.fixture
def items(tmp_path: Path) -> DocumentedItems:
    path = tmp_path / "items.yaml"
    path.write_text(ITEMS_YAML, encoding="utf-8")
    return read_items(path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def planted_graph(data_copy: Path) -> Graph:
    """The packaged data with test values planted; every one is named in the tests below."""
    cities, provinces = data_copy / "cities.yaml", data_copy / "provinces.yaml"
    edit(
        cities,
        "{value: 366815, source: [article, wp-nampo-2017], as_of: 2008,",
        "{value: 366815, source: [article, wp-nampo-2017], as_of: 2008-10-01,",
    )
    edit(cities, "{value: 1309, source: article}", "{value: 1309.4, source: article}")
    names = "    iso_code:\n      - {value: KP-02,"
    edit(
        provinces,
        names,
        "    alt_label:\n"
        "      - {value: 시험 별칭, lang: ko-Hang, source: article}\n"
        "      - {value: South Pyongan (test alias), lang: en, source: article}\n" + names,
    )
    country = "      - {value: North Korea, lang: en, source: article}\n"
    planted = f"      - {{value: {json.dumps(PLANTED)}, lang: ko-Hang, source: article}}\n"
    edit(data_copy / "places.yaml", country, country + planted)
    return graph_of(data_copy)


# ---------------------------------------------------------------- the batch


def test_without_items_populations_and_areas_cite_english_wikipedia(
    graph: Graph, wikidata: str
) -> None:
    result = export(graph, wikidata)
    assert result.commands == WITHOUT_ITEMS
    assert len(WITHOUT_ITEMS) == 45
    # Nampo's population: the article gives no date, a 2017 copy of the Nampo article
    # gives the 2008 census, so the statement has its point in time (P585) and both
    # references, English Wikipedia's with the packaged item Q328
    nampo = qs(
        "Q109386", "P1082", "366815", "P585", "+2008-00-00T00:00:00Z/9", "S854", NAMPO_2017,
        "!S143", "Q328", "S4656", f'"{SPECIAL_CITIES}"',
    )  # fmt: skip
    assert nampo in result.commands
    chagang = qs("Q272406", "P2046", "16765U712226", *wp(PROVINCES, "Q328"))
    assert chagang in result.commands
    # Rason's code keeps its web-page reference, the ISO change log, beside the articles
    assert RASON_KP13.replace(FIXTURE_WP, "Q328") in result.commands
    assert result.review == WITH_ITEMS_REVIEW
    assert result.summary() == (
        "45 QuickStatements commands; 3 values for an editor to rank; "
        "0 values held back (see the review table)"
    )


def test_a_wikipedia_edition_no_tool_names_is_still_held_back() -> None:
    german = Source("https://de.wikipedia.org/wiki/Kaesong", "Kaesong (German Wikipedia)")
    assert reference(german, DocumentedItems()) == (
        "a Wikipedia article (de.wikipedia.org) is referenced with imported from Wikimedia "
        "project (P143) and the item of that Wikipedia; no documented item is known for "
        "de.wikipedia.org"
    )
    revision = Source("https://en.wikipedia.org/w/index.php?title=Nampo&oldid=1", "Nampo")
    assert reference(revision, DocumentedItems()) == (
        ("S143", "Q328"),
        ("S4656", '"https://en.wikipedia.org/w/index.php?title=Nampo&oldid=1"'),
    )


def test_the_packaged_graph_against_the_fixture(
    graph: Graph, wikidata: str, items: DocumentedItems
) -> None:
    result = export(graph, wikidata, items=items)
    assert result.commands == WITH_ITEMS
    assert result.batch() == "".join(c + "\n" for c in WITH_ITEMS)
    assert result.review == WITH_ITEMS_REVIEW
    assert result.review_csv() == (
        "entity,qid,property,wikidata,graph,source,reason\n"
        f"chongjin,Q109336,P1082,667929,627000,{CHONGJIN},{SECOND}\n"
        f"nampo,Q109386,P1082,366341 (2008-10-01),366815 (2008),{NAMPO_2017[1:-1]}; "
        f"{SPECIAL_CITIES},{SECOND}\n"
        f"rason,Q221734,P300,KP-99,KP-13,{ISO_KP}; {SPECIAL_CITIES}; {ISO_UPDATES},{SECOND}\n"
    )
    assert result.summary() == (
        "45 QuickStatements commands; 3 values for an editor to rank; "
        "0 values held back (see the review table)"
    )
    # nothing dated as past or not best-ranked: no letter code, no 2008 census for Rason
    assert not any("KP-PYO" in c or "KP-NAJ" in c or "196954" in c for c in result.commands)


def test_the_provinces_lines_are_the_sources_facts() -> None:
    """WITH_ITEMS, written out above, against the provinces' facts as the sources give
    them: 2008 census, the table's area, Chosŏn'gŭl name, QID and GeoNames id."""
    assert len(PROVINCE_FACTS) == 9
    for _en, korean, *_, population, area, _, _, _, qid, geonames_id, _ in PROVINCE_FACTS.values():
        lines = [c for c in WITH_ITEMS if c.startswith(qid + "\t")]
        assert lines == [
            qs(qid, "P1082", str(population), *CENSUS, *wp(PROVINCES)),
            qs(qid, "P2046", f"{area}U900000020", *wp(PROVINCES)),
            province_geonames(qid, geonames_id),
            qs(qid, "Lko", f'"{korean}"'),
        ]


def test_the_exact_batch_for_planted_values(
    data_copy: Path, wikidata: str, items: DocumentedItems
) -> None:
    result = export(planted_graph(data_copy), wikidata, items=items)
    expected = list(WITH_ITEMS)
    kaesong = expected.index(city_geonames("Q109079", "1876373"))
    expected.insert(kaesong, qs("Q109079", "P2046", "1309.4U900000020", *wp(SPECIAL_CITIES)))
    nampo = expected.index(NAMPO_POPULATION)
    expected[nampo] = qs(
        "Q109386", "P1082", "366815", "P585", "+2008-10-01T00:00:00Z/11", *NAMPO_REFS
    )
    # South Pyongan, last: the English alias (the item has an English label), then the
    # Korean label and, once it is there, the Korean alias
    assert expected[-1] == qs("Q109380", "Lko", '"평안남도"')
    expected[-1:] = [
        qs("Q109380", "Aen", '"South Pyongan (test alias)"'),
        qs("Q109380", "Lko", '"평안남도"'),
        qs("Q109380", "Ako", '"시험 별칭"'),
    ]
    assert result.commands == tuple(expected)
    assert [(r.entity, r.property, r.wikidata, r.graph, r.reason) for r in result.review] == [
        ("chongjin", "P1082", "667929", "627000", SECOND),
        ("kaesong", "P2046", "1309.0058908449 km²", "1309.4 km²", SECOND),
        ("nampo", "P1082", "366341 (2008-10-01)", "366815 (2008-10-01)", SECOND),
        ("north-korea", "Lko", "", PLANTED, "not exported: the name contains a double quote"),
        ("rason", "P300", "KP-99", "KP-13", SECOND),
    ]
    # the planted name broke no line: every command is one line of known fields
    assert all("\n" not in c and "민주주의" not in c for c in result.commands)
    assert result.batch().count("\n") == len(result.commands)


def test_end_dated_and_no_value_claims_are_never_current_statements(
    graph: Graph, wikidata: str, items: DocumentedItems
) -> None:
    """Only current, best-ranked values: planted against the shapes, as plain values,
    Pyongyang's letter code (until 2010-02-03) and Kaesong's "no value" ISO claim."""
    planted = Graph()
    for triple in graph:
        planted.add(triple)
    pyongyang, kaesong = URIRef(ID + "pyongyang"), URIRef(ID + "kaesong")
    planted.add((pyongyang, NKKG.isoCode, Literal("KP-PYO")))
    planted.remove((kaesong, NKKG.isoCode, Literal("KP-15")))
    planted.add((kaesong, NKKG.isoCode, NKKG.NoValue))
    result = export(planted, wikidata, items=items)
    # no P300 for Kaesong (its only plain code is "no value"), no letter code for Pyongyang
    assert result.commands == WITH_ITEMS
    ended = ReviewRow(
        "pyongyang",
        "Q18808",
        "P300",
        "KP-01",
        "KP-PYO",
        f"http://www.statoids.com/ukp.html; {ISO_KP}; {ISO_UPDATES}",
        "not exported: the graph's value holds only until 2010-02-03",
    )
    assert result.review == (*WITH_ITEMS_REVIEW[:2], ended, WITH_ITEMS_REVIEW[2])
    assert result.summary() == (
        "45 QuickStatements commands; 3 values for an editor to rank; "
        "1 value held back (see the review table)"
    )


def test_only_some_fields(graph: Graph, wikidata: str, items: DocumentedItems) -> None:
    result = export(graph, wikidata, items=items, only=["iso"])
    assert result.commands == tuple(c for c in WITH_ITEMS if "\tP300\t" in c)
    assert len(result.commands) == 1
    result = export(graph, wikidata, items=items, only=["geonames"])
    assert result.commands == tuple(c for c in WITH_ITEMS if "\tP1566\t" in c)
    assert len(result.commands) == 15
    with pytest.raises(NkkgError) as raised:
        export(graph, wikidata, only=["population", "coordinates"])
    assert str(raised.value) == (
        "unknown field 'coordinates' (known: population, iso, area, geonames, labels)"
    )


def test_status_periods_only_through_a_documented_kind_map(
    graph: Graph, wikidata: str, items: DocumentedItems, tmp_path: Path
) -> None:
    kinds = tmp_path / "kinds.yaml"
    kinds.write_text(KINDS_YAML, encoding="utf-8")
    mapped = DocumentedItems(kinds=read_items(kinds).kinds, wikipedia=items.wikipedia)
    result = export(graph, wikidata, items=mapped, only=["population"])
    # Nampo's special-city period starts in 2010 in the graph, 2012 in the fixture
    nampo_p31 = NAMPO_P31
    populations = [c for c in WITH_ITEMS if "\tP1082\t" in c]
    nampo = populations.index(NAMPO_POPULATION)
    assert result.commands == (*populations[: nampo + 1], nampo_p31, *populations[nampo + 1 :])
    assert result.review[2] == ReviewRow(
        "nampo",
        "Q109386",
        "P31",
        "Q900000010 2012–",
        "Q900000010 2010–",
        f"https://en.wikipedia.org/wiki/Nampo; {SPECIAL_CITIES}; {WIKINEWS_2011}",
        SECOND,
    )


# ---------------------------------------------------------------- references


def test_every_reference_term_is_in_the_table_with_its_documentation(
    data_copy: Path, wikidata: str, items: DocumentedItems
) -> None:
    result = export(planted_graph(data_copy), wikidata, items=items)
    terms = items.terms()
    used = set()
    for command in result.commands:
        fields = command.split("\t")
        for key, value in zip(fields[3::2], fields[4::2], strict=True):
            if key.lstrip("!").startswith("S"):
                used.add("P" + key.lstrip("!")[1:])
                if re.fullmatch(r"Q[0-9]+", value):
                    used.add(value)
    assert used == {"P143", "P4656", "P854", "Q900000030"}
    assert used <= set(terms)
    assert all(terms[t].doc.startswith("https://") for t in used)
    # the packaged terms were read from Wikidata's own pages
    assert {t: REFERENCE_TERMS[t].doc.split("/wiki/")[0] for t in REFERENCE_TERMS} == {
        "P854": "https://www.wikidata.org",
        "P143": "https://m.wikidata.org",
        "P4656": "https://github.com/CennoxX/userscripts",
    }
    assert REFERENCE_TERMS["P854"].doc == HELP_SOURCES
    assert "reference URL (P854)" in REFERENCE_TERMS["P854"].says
    assert "(P143)" in REFERENCE_TERMS["P143"].says


def test_a_documented_items_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "items.yaml"
    bad.write_text("units:\n  km2: {item: square-kilometre, doc: https://x.org}\n", "utf-8")
    with pytest.raises(NkkgError) as raised:
        read_items(bad)
    assert str(raised.value) == (
        f"{bad}, units, 'km2', field 'item': 'square-kilometre' is not a Wikidata item id"
    )
    bad.write_text("wikipedia:\n  en.wikipedia.org: {item: Q1}\n", "utf-8")
    with pytest.raises(NkkgError) as raised:
        read_items(bad)
    assert str(raised.value) == (
        f"{bad}, wikipedia, 'en.wikipedia.org', field 'doc': "
        "the documentation page must be an http(s) URL"
    )
    bad.write_text("colours: {}\n", "utf-8")
    with pytest.raises(NkkgError) as raised:
        read_items(bad)
    assert str(raised.value) == (
        f"{bad}: unknown section 'colours' (known: kinds, wikipedia, units)"
    )


# ---------------------------------------------------------------- encoding


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('say "hi"', "contains a double quote"),
        ("a|b", "contains a '|'"),
        ("a\tb", "contains a tab"),
        ("a\nb", "contains a line break"),
        ("a\r", "contains a line break"),
        ("a\u2028b", "contains a line break"),
        (" padded", "has leading or trailing spaces, which QuickStatements strips"),
    ],
)
def test_a_string_that_would_break_a_command_is_refused(text: str, why: str) -> None:
    with pytest.raises(Unencodable) as raised:
        qs_string(text)
    assert str(raised.value) == why


def test_strings_and_times_as_quickstatements_writes_them() -> None:
    assert qs_string("남포특별시") == '"남포특별시"'
    assert qs_string("P'yŏngyang") == '"P\'yŏngyang"'
    assert qs_time(Literal("2008", datatype=XSD.gYear)) == "+2008-00-00T00:00:00Z/9"
    assert qs_time(Literal("2017-11-23", datatype=XSD.date)) == "+2017-11-23T00:00:00Z/11"


# ---------------------------------------------------------------- the round trip

WIKIBASE = "http://wikiba.se/ontology#"
UNITS_TO_M2 = {"900000020": Decimal(1_000_000)}  # the fixture's square kilometre


def _term(value: str) -> str:
    """A V1 value as an RDF term in Wikidata's model (N-Triples syntax)."""
    if value.startswith('"'):
        return Literal(value[1:-1]).n3()
    if re.fullmatch(r"Q[0-9]+", value):
        return f"<http://www.wikidata.org/entity/{value}>"
    time = re.fullmatch(r"\+([0-9]{4})-([0-9]{2})-([0-9]{2})T00:00:00Z/([0-9]+)", value)
    if time:
        year, month, day, _precision = time.groups()
        stamp = f"{year}-{month if month != '00' else '01'}-{day if day != '00' else '01'}"
        return Literal(f"{stamp}T00:00:00Z", datatype=XSD.dateTime).n3()
    amount = value.split("U")[0]
    return Literal(Decimal(amount), datatype=XSD.decimal).n3()


def to_sparql_update(batch: str) -> str:
    """SPARQL Update for V1 commands: statements (rank normal, best unless one is
    preferred), qualifiers, references (prov:wasDerivedFrom), labels and aliases."""
    wd, p = "http://www.wikidata.org/entity/", "http://www.wikidata.org/prop/"
    ops = []
    for number, line in enumerate(batch.splitlines(), start=1):
        fields = line.split("\t")
        item, what, value = f"<{wd}{fields[0]}>", fields[1], fields[2]
        label = re.fullmatch(r"([LA])([a-z]+)", what)
        if label:
            predicate = RDFS.label if label.group(1) == "L" else SKOS.altLabel
            text = Literal(value[1:-1], lang=label.group(2)).n3()
            ops.append(f"INSERT DATA {{ {item} <{predicate}> {text} }}")
            continue
        st, ref = f"<urn:test:statement-{number}>", f"<urn:test:reference-{number}"
        triples = [
            f"{item} <{p}{what}> {st}",
            f"{st} a <{WIKIBASE}Statement>",
            f"{st} <{WIKIBASE}rank> <{WIKIBASE}NormalRank>",
            f"{st} <{p}statement/{what}> {_term(value)}",
        ]
        if "U" in value:
            amount, unit = value.split("U")
            norm = Decimal(amount) * UNITS_TO_M2[unit]
            triples += [
                f"{st} <{p}statement/value-normalized/{what}> {st[:-1]}-norm>",
                f"{st[:-1]}-norm> <{WIKIBASE}quantityAmount> "
                f"{Literal(norm, datatype=XSD.decimal).n3()}",
            ]
        block = 0
        for key, snak in zip(fields[3::2], fields[4::2], strict=True):
            if key.startswith("P"):
                triples.append(f"{st} <{p}qualifier/{key}> {_term(snak)}")
                continue
            if key.startswith("!") or block == 0:
                block += 1
                triples.append(f"{st} <http://www.w3.org/ns/prov#wasDerivedFrom> {ref}-{block}>")
            prop = "P" + key.lstrip("!")[1:]
            # a URL-typed property's value is an IRI in Wikidata's RDF
            term = f"<{snak[1:-1]}>" if prop == "P854" else _term(snak)
            triples.append(f"{ref}-{block}> <{p}reference/{prop}> {term}")
        ops.append("INSERT DATA { " + " . ".join(triples) + " }")
        ops.append(
            f"INSERT {{ {st} a <{WIKIBASE}BestRank> . "
            f"{item} <http://www.wikidata.org/prop/direct/{what}> {_term(value)} }} "
            f"WHERE {{ FILTER NOT EXISTS {{ {item} <{p}{what}> ?other . "
            f"?other <{WIKIBASE}rank> <{WIKIBASE}PreferredRank> }} }}"
        )
    return " ;\n".join(ops)


def apply(server: OxigraphServer, batch: str) -> None:
    request = urllib.request.Request(
        server.update_url,
        data=to_sparql_update(batch).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    with urllib.request.urlopen(request, timeout=30):
        pass


def differences(graph: Graph, endpoint: str, classes: dict[str, str]) -> list[DiffRow]:
    return [r for r in diff(graph, endpoint, kind_classes=classes) if r.status is Status.DIFFERS]


def test_round_trip_leaves_only_what_the_review_table_lists(
    data_copy: Path, items: DocumentedItems, tmp_path: Path
) -> None:
    graph = planted_graph(data_copy)
    kinds = tmp_path / "kinds.yaml"
    kinds.write_text(KINDS_YAML, encoding="utf-8")
    mapped = DocumentedItems(read_items(kinds).kinds, items.wikipedia, items.units)
    classes = {name: term.id for name, term in mapped.kinds.items()}
    with OxigraphServer() as copy:
        load_turtle(copy, FIXTURE.read_bytes())
        before = differences(graph, copy.query_url, classes)
        result = export(graph, copy.query_url, items=mapped)
        apply(copy, result.batch())
        after = differences(graph, copy.query_url, classes)
        again = export(graph, copy.query_url, items=mapped)
        references = Service(copy.query_url).rows(
            "SELECT ?property ?value WHERE { <http://www.wikidata.org/entity/Q109380> "
            "<http://www.wikidata.org/prop/P1566> ?st . "
            "?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?ref . ?ref ?property ?value }"
        )
    assert [(r.entity, r.field) for r in before] == [
        ("kaesong", "area (km²)"),
        ("kaesong", "kind"),
        ("nampo", "population"),
        ("nampo", "status dates"),
        ("rason", "ISO 3166-2 code"),
    ]
    assert len(result.commands) == len(WITH_ITEMS) + 4  # the planted values
    # what remains is kept for an editor: Nampo's two special-city starts (2012, 2010)
    # and Kaesong's preferred P31, a class the export never touches
    assert after == [
        DiffRow(
            "kaesong",
            "Q109079",
            "kind",
            "special city (Q900000010)",
            "special-level city of North Korea (fictitious QID) (Q900000012)",
            Status.DIFFERS,
        ),
        DiffRow(
            "nampo",
            "Q109386",
            "status dates",
            "directly governed city (Q900000011) 1980–2004; special city (Q900000010) 2010–",
            "directly governed city of North Korea (fictitious QID) (Q900000011) 1980–2004; "
            "special city of North Korea (fictitious QID) (Q900000010) 2010–; "
            "special city of North Korea (fictitious QID) (Q900000010) 2012–",
            Status.DIFFERS,
        ),
    ]
    # South Pyongan's GeoNames ID went in with its two references, one per source
    assert sorted((str(r["property"]), str(r["value"])) for r in references) == [
        ("http://www.wikidata.org/prop/reference/P854", ADMIN1.strip('"')),
        ("http://www.wikidata.org/prop/reference/P854", WOF.strip('"')),
    ]
    assert ("nampo", "P31", SECOND) in {(r.entity, r.property, r.reason) for r in result.review}
    # applied once, the batch has nothing left to say; held-back values stay in review
    assert again.commands == ()
    assert [(r.entity, r.property) for r in again.review] == [("north-korea", "Lko")]


# ---------------------------------------------------------------- the command


def test_export_command_writes_both_files(
    run_nkkg, wikidata: str, tmp_path: Path, graph: Graph, items: DocumentedItems
) -> None:
    items_file, out, review = tmp_path / "items.yaml", tmp_path / "b.qs", tmp_path / "r.csv"
    items_file.write_text(ITEMS_YAML, encoding="utf-8")
    result = run_nkkg(
        "link", "export", "--endpoint", wikidata,
        "--items", str(items_file), "--out", str(out), "--review", str(review),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        "45 QuickStatements commands; 3 values for an editor to rank; "
        "0 values held back (see the review table)\n"
    )
    assert out.read_text(encoding="utf-8") == "".join(c + "\n" for c in WITH_ITEMS)
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8"))))
    assert [(r["entity"], r["property"], r["wikidata"], r["graph"]) for r in rows] == [
        ("chongjin", "P1082", "667929", "627000"),
        ("nampo", "P1082", "366341 (2008-10-01)", "366815 (2008)"),
        ("rason", "P300", "KP-99", "KP-13"),
    ]


def test_export_command_to_stdout_with_a_kind_map(run_nkkg, wikidata: str, tmp_path: Path) -> None:
    items_file, kinds = tmp_path / "items.yaml", tmp_path / "kinds.yaml"
    items_file.write_text(ITEMS_YAML, encoding="utf-8")
    kinds.write_text(KINDS_YAML, encoding="utf-8")
    result = run_nkkg(
        "link", "export", "--endpoint", wikidata, "--only", "population",
        "--items", str(items_file), "--kind-map", str(kinds),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # the populations, and Nampo's special-city period (2010 here, 2012 in the fixture)
    nampo_p31 = NAMPO_P31
    lines = [c for c in WITH_ITEMS if "\tP1082\t" in c]
    lines.insert(lines.index(NAMPO_POPULATION) + 1, nampo_p31)
    assert result.stdout == "".join(line + "\n" for line in lines)


def test_export_command_errors_are_one_line_and_write_nothing(
    run_nkkg, wikidata: str, tmp_path: Path
) -> None:
    items_file, out = tmp_path / "items.yaml", tmp_path / "b.qs"
    items_file.write_text("units:\n  km2: {item: Q1, doc: ftp://x}\n", encoding="utf-8")
    result = run_nkkg(
        "link", "export", "--endpoint", wikidata, "--items", str(items_file), "--out", str(out)
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"nkkg: error: {items_file}, units, 'km2', field 'doc': "
        "the documentation page must be an http(s) URL\n"
    )
    assert not out.exists()
    bad = run_nkkg("link", "export", "--endpoint", wikidata, "--only", "iso,colour")
    assert (bad.returncode, bad.stderr) == (
        1,
        "nkkg: error: unknown field 'colour' (known: population, iso, area, geonames, labels)\n",
    )
