"""Every SHACL constraint, broken by a minimal change to the built graph.

Each case makes one small change to a copy of the built graph (a removed
label, a negative population, swapped years, an overlapping period, a
wrong-form QID, a dropped source...), in place and taken back after, and
checks that the report names the shape, the constraint component and the
focus node (and, for the SPARQL-based shapes, the exact message).
`test_every_constraint_has_a_case` keeps the case list complete: it reads the
constraints from shapes/ and fails on any without a case.

Each case validates the changed graph against the node shape that holds the
constraint (the shape finds its own targets), so the cases take seconds; the
runs with all the shapes are in test_validate.py and at the end of this file.
The fast engine is compared with pyshacl on every planted fault, in batches.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from kg.rdf.namespace import DEFAULT_BASE, GEO, NKKG, NKKGSH, WD
from kg.rdf.nt import triple_line
from kg.validation.api import validate_graph, validate_store
from kg.validation.model import ValidationReport, ValidationResult
from kg.validation.report import report_turtle
from kg.validation.shapes import load_shapes, packaged_shapes
from tests.support.graphs import graph_of, special_cities_dataset

ID = Namespace(DEFAULT_BASE)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns when pytest probes it
SHAPES = Namespace(NKKGSH)
THIS_YEAR = datetime.date.today().year

Change = Callable[[Graph], None]


def gyear(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def wkt(text: str) -> Literal:
    return Literal(text, datatype=GEO.wktLiteral)


def dec(value: str) -> Literal:
    return Literal(Decimal(value), datatype=XSD.decimal)


def add(s: Node, p: Node, o: Node) -> Change:
    return lambda g: g.add((s, p, o))


def remove(s: Node, p: Node, o: Node | None = None) -> Change:
    return lambda g: g.remove((s, p, o))


def put(s: Node, p: Node, o: Node) -> Change:
    """Replace every value of (s, p) with o."""
    return lambda g: g.set((s, p, o))


def both(*changes: Change) -> Change:
    def change(g: Graph) -> None:
        for c in changes:
            c(g)

    return change


def new_period(
    division: str, number: int, start: int | None, end: int | None, kind=None, province=None
) -> Change:
    node = ID[f"{division}-period-{number}"]

    def change(g: Graph) -> None:
        g.add((ID[division], NKKG.statusPeriod, node))
        g.add((node, RDF.type, NKKG.StatusPeriod))
        g.add((node, NKKG.source, ID["source-article"]))
        if start is not None:
            g.add((node, NKKG.startYear, gyear(start)))
        if end is not None:
            g.add((node, NKKG.endYear, gyear(end)))
        if kind is not None:
            g.add((node, NKKG.kind, kind))
        if province is not None:
            g.add((node, NKKG.withinProvince, ID[province]))

    return change


@dataclass(frozen=True)
class Case:
    id: str
    change: Change
    shape: str  # local name in nkkgsh:
    component: str  # sh:<component>ConstraintComponent
    focus: Node
    message: str | None = None
    severity: str = "Violation"


PERIOD2 = ID["rason-period-2"]  # Rason 1993-2004, directly governed city
KANGNAM2 = ID["kangnam-county-period-2"]  # Kangnam in Pyongyang from 1963-05
KANGNAM3 = ID["kangnam-county-period-3"]  # in North Hwanghae 2010 to 2011 or 2012
MONTH_START = ID["kangnam-county-period-2-start"]  # 1963-05, month precision
BOUNDED_END = ID["kangnam-county-period-3-end"]  # 2011/2012
PERIOD3 = ID["rason-period-3"]  # Rason 2004-2009, within North Hamgyong
POP1 = ID["kaesong-population-1"]  # Kaesong 308,440 (article)
ARTICLE = ID["source-article"]
ZONE = ID["kaesong-industrial-region"]
POINT = ID["rason-point"]
SPLIT = ID["event-hwanghae-split-1954"]  # Hwanghae -> North and South Hwanghae
DERIVED = ID["chongjin-change-2"]  # Chongjin into North Hamgyong, 1967 (an absorption)
ARTICLE_URL = URIRef("https://en.wikipedia.org/wiki/Special_cities_of_North_Korea")

CASES = [
    # ---------------------------------------------------------------- names of places
    Case("label-without-language", add(ID.kaesong, RDFS.label, Literal("Kaesong")),
         "EnglishLabelShape", "Datatype", ID.kaesong),
    Case("two-english-labels", add(ID.kaesong, RDFS.label, Literal("Kaesong City", lang="en")),
         "EnglishLabelShape", "UniqueLang", ID.kaesong),
    Case("no-english-label", remove(ID.kaesong, RDFS.label, Literal("Kaesong", lang="en")),
         "DivisionEnglishNameShape", "SPARQL", ID.kaesong,
         "a division has no English name (rdfs:label in en) and no name claim of "
         "nkkg:UnknownValue"),
    # Hanggu has no English name and says so (a name claim of nkkg:UnknownValue): without
    # that claim it is a division without a name, as the MINUS form must find too
    Case("no-english-label-and-no-unknown-name-claim",
         remove(ID["hanggu-guyok"], NKKG.claim, ID["hanggu-guyok-label-1"]),
         "DivisionEnglishNameShape", "SPARQL", ID["hanggu-guyok"],
         "a division has no English name (rdfs:label in en) and no name claim of "
         "nkkg:UnknownValue"),
    Case("region-without-english-label", remove(ID.kwanso, RDFS.label),
         "EnglishNameShape", "QualifiedMinCount", ID.kwanso),
    Case("former-city-without-hancha",
         remove(ID.chongjin, RDFS.label, Literal("淸津市", lang="ko-hani")),
         "CityNamesShape", "SPARQL", ID.chongjin,
         "a first-level city, now or formerly, has no rdfs:label in Hancha (language tag ko-Hani)"),
    Case("city-without-choson-gul",
         remove(ID.kaesong, RDFS.label, Literal("개성특별시", lang="ko-hang")),
         "CityNamesShape", "SPARQL", ID.kaesong,
         "a first-level city, now or formerly, has no rdfs:label in Chosŏn'gŭl "
         "(language tag ko-Hang)"),
    Case("malformed-language-tag",
         both(remove(ID.pyongyang, RDFS.label, Literal("평양직할시", lang="ko-hang")),
              add(ID.pyongyang, RDFS.label, Literal("평양직할시", lang="ko-hang-x"))),
         "LanguageTagShape", "SPARQL", ID.pyongyang,
         "'ko-hang-x' is not a well-formed BCP 47 language tag"),
    Case("escape-sequence-in-label",
         put(ID.kaesong, SKOS.altLabel, Literal("Kae\x1b[31msong\x1b]8;;x\x07", lang="en")),
         "HiddenCharacterShape", "SPARQL", ID.kaesong,
         "a literal holds a control character or a bidi control (shown escaped, e.g. \\x1b, "
         "\\u202e)"),
    Case("bidi-override-in-source-title",
         put(ARTICLE, RDFS.label, Literal("Special \u202ecities", lang="en")),
         "HiddenCharacterShape", "SPARQL", ARTICLE),
    Case("cyrillic-look-alike-in-english-name",
         put(ID.kaesong, SKOS.altLabel, Literal("K\u0430esong", lang="en")),
         "LookAlikeShape", "SPARQL", ID.kaesong,
         "the English name 'K\u0430esong' mixes Latin letters with Greek or Cyrillic look-alikes",
         severity="Warning"),
    # ---------------------------------------------------------------- division properties
    Case("no-claims", remove(ID["chung-guyok"], NKKG.claim),
         "DivisionClaimShape", "MinCount", ID["chung-guyok"]),
    Case("claim-is-a-source", add(ID.kaesong, NKKG.claim, ARTICLE),
         "DivisionClaimShape", "Class", ID.kaesong),
    Case("two-iso-codes", add(ID.kaesong, NKKG.isoCode, Literal("KP-16")),
         "DivisionIsoCodeShape", "MaxCount", ID.kaesong),
    Case("iso-code-language-tagged", put(ID.kaesong, NKKG.isoCode, Literal("KP-15", lang="en")),
         "DivisionIsoCodeShape", "Datatype", ID.kaesong),
    Case("iso-code-placeholder", put(ID.nampo, NKKG.isoCode, Literal("KP-??")),
         "DivisionIsoCodeShape", "Pattern", ID.nampo),
    # several plain populations are allowed only where no claim is preferred (Chongjin's two)
    Case("two-populations", add(ID.kaesong, NKKG.population, Literal(308441)),
         "ValueHasClaimShape", "SPARQL", ID.kaesong,
         "no best-ranked claim of this property states this value"),
    Case("population-decimal", put(ID.kaesong, NKKG.population, dec("308440")),
         "DivisionPopulationShape", "Datatype", ID.kaesong),
    Case("population-negative", put(ID.kaesong, NKKG.population, Literal(-308440)),
         "DivisionPopulationShape", "MinExclusive", ID.kaesong),
    Case("population-10-to-the-38", put(ID.kaesong, NKKG.population, Literal(10**38)),
         "DivisionPopulationShape", "MaxExclusive", ID.kaesong),
    Case("two-areas", add(ID.kaesong, NKKG.areaKm2, dec("1310")),
         "DivisionAreaShape", "MaxCount", ID.kaesong),
    Case("area-integer", put(ID.kaesong, NKKG.areaKm2, Literal(1309)),
         "DivisionAreaShape", "Datatype", ID.kaesong),
    Case("area-zero", put(ID.kaesong, NKKG.areaKm2, dec("0")),
         "DivisionAreaShape", "MinExclusive", ID.kaesong),
    Case("area-huge", put(ID.kaesong, NKKG.areaKm2, dec("1" + "0" * 30)),
         "DivisionAreaShape", "MaxExclusive", ID.kaesong),
    Case("two-densities", add(ID.kaesong, NKKG.densityPerKm2, dec("236")),
         "DivisionDensityShape", "MaxCount", ID.kaesong),
    Case("density-string", put(ID.kaesong, NKKG.densityPerKm2, Literal("235")),
         "DivisionDensityShape", "Datatype", ID.kaesong),
    Case("density-negative", put(ID.kaesong, NKKG.densityPerKm2, dec("-235")),
         "DivisionDensityShape", "MinExclusive", ID.kaesong),
    Case("density-huge", put(ID.kaesong, NKKG.densityPerKm2, dec("1" + "0" * 40)),
         "DivisionDensityShape", "MaxExclusive", ID.kaesong),
    Case("two-years-of-assignment", add(ID.kaesong, NKKG.yearOfAssignment, gyear(2020)),
         "DivisionYearOfAssignmentShape", "MaxCount", ID.kaesong),
    Case("year-of-assignment-integer", put(ID.kaesong, NKKG.yearOfAssignment, Literal(2019)),
         "DivisionYearOfAssignmentShape", "Datatype", ID.kaesong),
    Case("two-seats", add(ID.nampo, NKKG.seat, ID["chung-guyok"]),
         "DivisionSeatShape", "MaxCount", ID.nampo),
    Case("seat-is-a-region", put(ID.pyongyang, NKKG.seat, ID.kwanso),
         "DivisionSeatShape", "Class", ID.pyongyang),
    Case("seat-in-another-city", put(ID.nampo, NKKG.seat, ID["rajin-guyok"]),
         "SeatLocationShape", "SPARQL", ID.nampo,
         "the seat is not located in this division (it states no nkkg:locatedIn to it)"),
    Case("located-in-two", add(ID.nampo, NKKG.locatedIn, ID["south-pyongan"]),
         "DivisionLocatedInShape", "MaxCount", ID.nampo),
    Case("located-in-a-region", put(ID.nampo, NKKG.locatedIn, ID.kwanso),
         "DivisionLocatedInShape", "Class", ID.nampo),
    Case("two-regions", add(ID.nampo, NKKG.region, ID.kwanbuk),
         "DivisionRegionShape", "MaxCount", ID.nampo),
    Case("region-is-a-province", put(ID.nampo, NKKG.region, ID["south-pyongan"]),
         "DivisionRegionShape", "Class", ID.nampo),
    Case("two-related-provinces", add(ID.nampo, NKKG.relatedProvince, ID["north-hamgyong"]),
         "DivisionRelatedProvinceShape", "MaxCount", ID.nampo),
    Case("related-province-is-a-region", put(ID.nampo, NKKG.relatedProvince, ID.kwanso),
         "DivisionRelatedProvinceShape", "Class", ID.nampo),
    Case("absorbed-into-two", add(ID.chongjin, NKKG.absorbedInto, ID["south-hamgyong"]),
         "DivisionAbsorbedIntoShape", "MaxCount", ID.chongjin),
    Case("absorbed-into-a-region", put(ID.chongjin, NKKG.absorbedInto, ID.kwanbuk),
         "DivisionAbsorbedIntoShape", "Class", ID.chongjin),
    Case("status-period-is-a-source", add(ID.rason, NKKG.statusPeriod, ARTICLE),
         "DivisionStatusPeriodShape", "Class", ID.rason),
    # ---------------------------------------------------------------- Wikidata links
    Case("two-wikidata-items", add(ID.rason, SKOS.exactMatch, WD.Q109361),  # WOF's mistake
         "WikidataLinkCountShape", "QualifiedMaxCount", ID.rason),
    Case("two-geonames-features",  # WOF's Rason record carries North Hamgyong's GeoNames id
         add(ID.rason, SKOS.exactMatch, URIRef("https://sws.geonames.org/2044245/")),
         "GeoNamesLinkCountShape", "QualifiedMaxCount", ID.rason),
    Case("geonames-page-url",
         put(ID.chagang, SKOS.exactMatch, URIRef("https://www.geonames.org/2045265")),
         "WikidataLinkShape", "Pattern", ID.chagang),
    Case("qid-as-string", put(ID.rason, SKOS.exactMatch, Literal("Q221734")),
         "WikidataLinkShape", "NodeKind", ID.rason),
    Case("wikidata-page-url",
         put(ID.rason, SKOS.exactMatch, URIRef("https://www.wikidata.org/wiki/Q221734")),
         "WikidataLinkShape", "Pattern", ID.rason),
    Case("region-linked-to-a-property", add(ID.kwanso, SKOS.exactMatch, WD.P131),
         "WikidataLinkShape", "Pattern", ID.kwanso),
    # ---------------------------------------------------------------- numbers, kinds, values
    Case("density-off-by-more-than-one", put(ID.kaesong, NKKG.densityPerKm2, dec("240")),
         "DensityShape", "SPARQL", ID.kaesong,
         "stated density 240/km² is more than 1 away from population/area = 235.6/km²",
         severity="Warning"),
    Case("type-disagrees-with-open-period",
         put(ID.rason, RDF.type, NKKG.DirectlyGovernedCity),
         "CurrentKindShape", "SPARQL", ID.rason,
         "the open status period has this kind, but the division's rdf:type does not state it"),
    Case("second-kind-type", add(ID.kaesong, RDF.type, NKKG.SpecialLevelCity),
         "CurrentKindShape", "SPARQL", ID.kaesong,
         "the division is typed with a kind other than its open status period's"),
    Case("former-city-typed-first-level", put(ID.chongjin, RDF.type, NKKG.DirectlyGovernedCity),
         "CurrentKindShape", "SPARQL", ID.chongjin,
         "the open status period lies inside a province, "
         "but the division is typed as a first-level city"),
    Case("value-without-claim", put(ID.kaesong, NKKG.population, Literal(308441)),
         "ValueHasClaimShape", "SPARQL", ID.kaesong,
         "no best-ranked claim of this property states this value"),
    Case("outranked-value", put(ID.pyongyang, NKKG.population, Literal(3255388)),
         "ValueHasClaimShape", "SPARQL", ID.pyongyang,
         "no best-ranked claim of this property states this value"),
    # ---------------------------------------------------------------- status periods
    Case("period-without-kind-or-province",
         both(remove(PERIOD3, NKKG.withinProvince), remove(PERIOD3, NKKG.withinDivision)),
         "StatusPeriodShape", "Or", PERIOD3),
    # ---------------------------------------------------------------- parents and dates
    Case("two-parents", add(KANGNAM3, NKKG.withinDivision, ID.pyongyang),
         "PeriodParentShape", "MaxCount", KANGNAM3),
    Case("parent-is-a-source", put(KANGNAM3, NKKG.withinDivision, ARTICLE),
         "PeriodParentShape", "Class", KANGNAM3),
    Case("start-date-not-a-time-value", put(KANGNAM2, NKKG.startDate, ID.pyongyang),
         "PeriodStartDateShape", "Class", KANGNAM2),
    Case("two-start-dates", add(KANGNAM2, NKKG.startDate, BOUNDED_END),
         "PeriodStartDateShape", "MaxCount", KANGNAM2),
    Case("end-date-not-a-time-value", put(KANGNAM3, NKKG.endDate, ID.pyongyang),
         "PeriodEndDateShape", "Class", KANGNAM3),
    Case("two-end-dates", add(KANGNAM3, NKKG.endDate, MONTH_START),
         "PeriodEndDateShape", "MaxCount", KANGNAM3),
    Case("time-without-bounds",
         both(remove(BOUNDED_END, NKKG.earliest), remove(BOUNDED_END, NKKG.latest)),
         "TimeValueShape", "Or", BOUNDED_END),
    Case("time-without-precision", remove(MONTH_START, NKKG.precision),
         "TimePrecisionShape", "MinCount", MONTH_START),
    Case("two-precisions", add(MONTH_START, NKKG.precision, NKKG.DayPrecision),
         "TimePrecisionShape", "MaxCount", MONTH_START),
    Case("precision-not-a-precision", put(MONTH_START, NKKG.precision, NKKG.Province),
         "TimePrecisionShape", "In", MONTH_START),
    Case("earliest-not-a-date", put(MONTH_START, NKKG.earliest, Literal("May 1963")),
         "TimeEarliestShape", "Or", MONTH_START),
    Case("two-earliest", add(BOUNDED_END, NKKG.earliest, gyear(2010)),
         "TimeEarliestShape", "MaxCount", BOUNDED_END),
    Case("latest-not-a-date", put(BOUNDED_END, NKKG.latest, Literal("2012?")),
         "TimeLatestShape", "Or", BOUNDED_END),
    Case("two-latest", add(BOUNDED_END, NKKG.latest, gyear(2013)),
         "TimeLatestShape", "MaxCount", BOUNDED_END),
    Case("latest-before-earliest", put(BOUNDED_END, NKKG.latestYear, gyear(2009)),
         "TimeOrderShape", "SPARQL", BOUNDED_END,
         "the latest year 2009 is before the earliest year 2011"),
    Case("orphan-period", remove(ID.rason, NKKG.statusPeriod, PERIOD3),
         "PeriodDivisionShape", "MinCount", PERIOD3),
    Case("period-of-two-divisions", add(ID.nampo, NKKG.statusPeriod, PERIOD2),
         "PeriodDivisionShape", "MaxCount", PERIOD2),
    Case("period-with-two-kinds", add(PERIOD2, NKKG.kind, NKKG.SpecialCity),
         "PeriodKindShape", "MaxCount", PERIOD2),
    Case("period-kind-not-a-kind", put(PERIOD2, NKKG.kind, NKKG.Claim),
         "PeriodKindShape", "Node", PERIOD2),
    Case("two-start-years", add(PERIOD2, NKKG.startYear, gyear(1994)),
         "PeriodStartYearShape", "MaxCount", PERIOD2),
    Case("start-year-integer", put(PERIOD2, NKKG.startYear, Literal(1993)),
         "PeriodStartYearShape", "Datatype", PERIOD2),
    Case("two-end-years", add(PERIOD2, NKKG.endYear, gyear(2005)),
         "PeriodEndYearShape", "MaxCount", PERIOD2),
    Case("end-year-date", put(PERIOD2, NKKG.endYear, Literal("2004-12-31", datatype=XSD.date)),
         "PeriodEndYearShape", "Datatype", PERIOD2),
    Case("two-provinces", add(PERIOD3, NKKG.withinProvince, ID["south-hamgyong"]),
         "PeriodProvinceShape", "MaxCount", PERIOD3),
    Case("province-is-a-city", put(PERIOD3, NKKG.withinProvince, ID.rason),
         "PeriodProvinceShape", "Class", PERIOD3),
    Case("period-without-source", remove(PERIOD2, NKKG.source),
         "PeriodSourceShape", "MinCount", PERIOD2),
    Case("period-source-not-a-source", put(PERIOD2, NKKG.source, ID.rason),
         "PeriodSourceShape", "Class", PERIOD2),
    Case("located-in-itself", put(ID.chongjin, NKKG.locatedIn, ID.chongjin),
         "HierarchyCycleShape", "SPARQL", ID.chongjin,
         f"the division lies inside itself: its parent {ID.chongjin} is, through nkkg:locatedIn, "
         "inside it"),
    Case("located-in-a-cycle", put(ID["north-hamgyong"], NKKG.locatedIn, ID.chongjin),
         "HierarchyCycleShape", "SPARQL", ID["north-hamgyong"],
         f"the division lies inside itself: its parent {ID.chongjin} is, through nkkg:locatedIn, "
         "inside it"),
    Case("swapped-years",
         both(put(PERIOD2, NKKG.startYear, gyear(2004)), put(PERIOD2, NKKG.endYear, gyear(1993))),
         "PeriodOrderShape", "SPARQL", PERIOD2, "the start year 2004 is after the end year 1993"),
    Case("overlapping-period",
         new_period("rason", 5, 2000, 2008, kind=NKKG.DirectlyGovernedCity),
         "PeriodOverlapShape", "SPARQL", ID.rason,
         "status period period-2 (1993-2004) overlaps this one (2000-2008)"),
    Case("period-inside-another",
         new_period("rason", 5, 2004, 2004, province="north-hamgyong"),
         "PeriodOverlapShape", "SPARQL", ID.rason,
         "status period period-3 (2004-2010) overlaps this one (2004-2004)"),
    Case("two-open-periods",
         new_period("pyongyang", 2, 2000, None, kind=NKKG.DirectlyGovernedCity),
         "PeriodOverlapShape", "SPARQL", ID.pyongyang,
         "status period period-1 (1946-…) overlaps this one (2000-…)"),
    Case("year-before-1945", put(ID["kaesong-period-1"], NKKG.startYear, gyear(1944)),
         "YearRangeShape", "SPARQL", ID["kaesong-period-1"],
         f"the year 1944 is outside 1945..{THIS_YEAR}"),
    Case("year-after-this-year", put(ID.kaesong, NKKG.yearOfAssignment, gyear(THIS_YEAR + 1)),
         "YearRangeShape", "SPARQL", ID.kaesong,
         f"the year {THIS_YEAR + 1} is outside 1945..{THIS_YEAR}"),
    Case("claimed-census-day-before-1945",
         put(ID["rason-population-2"], NKKG.pointInTime, Literal("1944-10-01", datatype=XSD.date)),
         "YearRangeShape", "SPARQL", ID["rason-population-2"],
         f"the year 1944-10-01 is outside 1945..{THIS_YEAR}"),
    # ---------------------------------------------------------------- kinds
    Case("kind-outside-the-scheme",
         remove(NKKG.SpecialCity, SKOS.inScheme, NKKG.DivisionKinds),
         "KindSchemeShape", "HasValue", NKKG.SpecialCity),
    Case("kind-with-two-english-names",
         add(NKKG.SpecialCity, SKOS.prefLabel, Literal("special city (narrow sense)", lang="en")),
         "KindPrefLabelShape", "UniqueLang", NKKG.SpecialCity),
    Case("kind-without-english-name",
         remove(NKKG.SpecialCity, SKOS.prefLabel, Literal("special city", lang="en")),
         "KindPrefLabelShape", "QualifiedMinCount", NKKG.SpecialCity),
    # ---------------------------------------------------------------- claims
    Case("claim-without-subject", remove(ID.kaesong, NKKG.claim, POP1),
         "ClaimSubjectShape", "MinCount", POP1),
    Case("claim-of-two-subjects", add(ID.nampo, NKKG.claim, POP1),
         "ClaimSubjectShape", "MaxCount", POP1),
    Case("claim-without-property", remove(POP1, NKKG.claimProperty),
         "ClaimPropertyShape", "MinCount", POP1),
    Case("claim-with-two-properties", add(POP1, NKKG.claimProperty, NKKG.areaKm2),
         "ClaimPropertyShape", "MaxCount", POP1),
    Case("claim-of-unknown-property", put(POP1, NKKG.claimProperty, NKKG.url),
         "ClaimPropertyShape", "In", POP1),
    Case("claim-without-value", remove(POP1, NKKG.claimValue),
         "ClaimValueShape", "MinCount", POP1),
    Case("claim-with-two-values", add(POP1, NKKG.claimValue, Literal(308441)),
         "ClaimValueShape", "MaxCount", POP1),
    Case("claim-without-rank", remove(POP1, NKKG.rank),
         "ClaimRankShape", "MinCount", POP1),
    Case("claim-with-two-ranks",
         add(ID["pyongyang-population-1"], NKKG.rank, NKKG.NormalRank),
         "ClaimRankShape", "MaxCount", ID["pyongyang-population-1"]),
    Case("claim-with-unknown-rank", put(POP1, NKKG.rank, NKKG.UnknownValue),
         "ClaimRankShape", "In", POP1),
    Case("claim-without-source", remove(POP1, NKKG.source),
         "ClaimSourceShape", "MinCount", POP1),
    Case("claim-source-not-a-source", put(POP1, NKKG.source, ID.kaesong),
         "ClaimSourceShape", "Class", POP1),
    Case("two-points-in-time", add(ID["hamhung-population-1"], NKKG.pointInTime, gyear(2009)),
         "ClaimPointInTimeShape", "MaxCount", ID["hamhung-population-1"]),
    Case("point-in-time-string", put(ID["hamhung-population-1"], NKKG.pointInTime, Literal("2008")),
         "ClaimPointInTimeShape", "Or", ID["hamhung-population-1"]),
    Case("two-start-times",
         add(ID["kaesong-iso-code-1"], NKKG.startTime, Literal("2022-11-30", datatype=XSD.date)),
         "ClaimStartTimeShape", "MaxCount", ID["kaesong-iso-code-1"]),
    Case("start-time-string", put(ID["kaesong-iso-code-1"], NKKG.startTime, Literal("2022-11-29")),
         "ClaimStartTimeShape", "Or", ID["kaesong-iso-code-1"]),
    Case("two-end-times",
         add(ID["kaesong-iso-code-2"], NKKG.endTime, Literal("2010-02-19", datatype=XSD.date)),
         "ClaimEndTimeShape", "MaxCount", ID["kaesong-iso-code-2"]),
    Case("end-time-string", put(ID["kaesong-iso-code-2"], NKKG.endTime, Literal("2010-02-03")),
         "ClaimEndTimeShape", "Or", ID["kaesong-iso-code-2"]),
    Case("conflict-without-preferred",
         put(ID["pyongyang-population-1"], NKKG.rank, NKKG.NormalRank),
         "PreferredClaimShape", "SPARQL", ID.pyongyang,
         "2 distinct claimed values and 0 preferred claims: at most one may be preferred, "
         "and with none every normal value is a plain triple"),
    Case("two-preferred", put(ID["pyongyang-population-2"], NKKG.rank, NKKG.PreferredRank),
         "PreferredClaimShape", "SPARQL", ID.pyongyang,
         "2 distinct claimed values and 2 preferred claims: at most one may be preferred, "
         "and with none every normal value is a plain triple"),
    Case("name-conflict-in-one-language",
         both(add(ID.kaesong, NKKG.claim, ID["kaesong-label-4"]),
              add(ID["kaesong-label-4"], RDF.type, NKKG.Claim),
              add(ID["kaesong-label-4"], NKKG.claimProperty, RDFS.label),
              add(ID["kaesong-label-4"], NKKG.claimValue, Literal("개성시", lang="ko-hang")),
              add(ID["kaesong-label-4"], NKKG.rank, NKKG.NormalRank),
              add(ID["kaesong-label-4"], NKKG.source, ARTICLE)),
         "PreferredClaimShape", "SPARQL", ID.kaesong,
         "2 distinct claimed values in 'ko-hang' and 0 preferred claims: "
         "at most one may be preferred, and with none every normal value is a plain triple"),
    Case("no-value-beside-a-normal-value",
         put(ID["kaesong-iso-code-1"], NKKG.rank, NKKG.NormalRank),
         "NoValueShape", "SPARQL", ID.kaesong,
         "a no-value claim and the value KP-15 are both best-ranked for this property"),
    Case("no-value-preferred-beside-a-preferred-value",
         put(ID["kaesong-iso-code-3"], NKKG.rank, NKKG.PreferredRank),
         "NoValueShape", "SPARQL", ID.kaesong,
         "a no-value claim and the value KP-15 are both best-ranked for this property"),
    Case("no-value-as-plain-value", add(ID.kaesong, NKKG.isoCode, NKKG.NoValue),
         "MarkerNotPlainShape", "SPARQL", NKKG.NoValue),
    # ---------------------------------------------------------------- provinces and zones
    Case("two-capitals", add(ID.kangwon, NKKG.capital, ID.sariwon),
         "DivisionCapitalShape", "MaxCount", ID.kangwon),
    Case("capital-is-a-province", put(ID.kangwon, NKKG.capital, ID["south-hamgyong"]),
         "DivisionCapitalShape", "Class", ID.kangwon),
    Case("zone-first-level-twice", add(ZONE, NKKG.firstLevel, Literal(True)),
         "DivisionFirstLevelShape", "MaxCount", ZONE),
    Case("zone-first-level-string", put(ZONE, NKKG.firstLevel, Literal("false")),
         "DivisionFirstLevelShape", "Datatype", ZONE),
    # ---------------------------------------------------------------- points
    Case("two-points", add(ID.rason, GEO.hasGeometry, ID["kaesong-point"]),
         "DivisionGeometryShape", "MaxCount", ID.rason),
    Case("geometry-is-a-source", put(ID.rason, GEO.hasGeometry, ARTICLE),
         "DivisionGeometryShape", "Class", ID.rason),
    Case("point-without-wkt", remove(POINT, GEO.asWKT),
         "GeometryWktShape", "MinCount", POINT),
    Case("point-with-two-wkts", add(POINT, GEO.asWKT, wkt("POINT(130.3 42.2)")),
         "GeometryWktShape", "MaxCount", POINT),
    Case("wkt-as-string", put(POINT, GEO.asWKT, Literal("POINT(130.31133 42.24973)")),
         "GeometryWktShape", "Datatype", POINT),
    Case("wkt-not-a-point",
         put(POINT, GEO.asWKT, wkt("POLYGON((130 42, 130.5 42, 130.5 42.5, 130 42))")),
         "GeometryWktShape", "Pattern", POINT),
    Case("point-without-source", remove(POINT, NKKG.source),
         "GeometrySourceShape", "MinCount", POINT),
    Case("point-source-not-a-source", put(POINT, NKKG.source, ID.rason),
         "GeometrySourceShape", "Class", POINT),
    Case("point-without-comment", remove(POINT, RDFS.comment),
         "GeometryCommentShape", "MinCount", POINT),
    Case("point-in-japan", put(POINT, GEO.asWKT, wkt("POINT(139.6917 35.6895)")),  # Tokyo
         "PointInCountryShape", "SPARQL", POINT,
         "the point POINT(139.6917 35.6895) lies outside North Korea's bounding box"),
    Case("point-with-swapped-coordinates",
         put(POINT, GEO.asWKT, wkt("POINT(42.24973 130.31133)")),
         "PointInCountryShape", "SPARQL", POINT,
         "the point POINT(42.24973 130.31133) lies outside North Korea's bounding box"),
    # ---------------------------------------------------------------- change events
    Case("event-without-divisions", both(remove(SPLIT, NKKG.before), remove(SPLIT, NKKG.after)),
         "ChangeEventShape", "Or", SPLIT),
    Case("event-without-year", remove(SPLIT, NKKG.year),
         "EventYearShape", "MinCount", SPLIT),
    Case("event-with-two-years", add(SPLIT, NKKG.year, gyear(1955)),
         "EventYearShape", "MaxCount", SPLIT),
    Case("event-year-integer", put(SPLIT, NKKG.year, Literal(1954)),
         "EventYearShape", "Datatype", SPLIT),
    Case("event-without-source", remove(SPLIT, NKKG.source),
         "EventSourceShape", "MinCount", SPLIT),
    Case("event-source-not-a-source", put(SPLIT, NKKG.source, ID.hwanghae),
         "EventSourceShape", "Class", SPLIT),
    Case("event-before-a-source", add(SPLIT, NKKG.before, ARTICLE),
         "EventBeforeShape", "Class", SPLIT),
    Case("event-after-a-region", add(SPLIT, NKKG.after, ID.kwanso),
         "EventAfterShape", "Class", SPLIT),
    Case("derived-event-of-two-divisions", put(DERIVED, NKKG.toPeriod, ID["hamhung-period-3"]),
         "DerivedEventShape", "SPARQL", DERIVED,
         "the two periods of a derived event belong to different divisions"),
    Case("derived-event-without-its-division", remove(DERIVED, NKKG.before, ID.chongjin),
         "DerivedEventShape", "SPARQL", DERIVED,
         "the division of the periods is neither before nor after the event"),
    Case("derived-event-in-another-year", put(DERIVED, NKKG.year, gyear(1968)),
         "DerivedEventShape", "SPARQL", DERIVED,
         "the year is not the boundary year of the two periods"),
    Case("separation-without-the-province-left",
         remove(ID["chongjin-change-1"], NKKG.before, ID["north-hamgyong"]),
         "DerivedEventShape", "SPARQL", ID["chongjin-change-1"],
         "the province the division leaves is not before the event"),
    Case("absorption-without-the-province-joined",
         remove(DERIVED, NKKG.after, ID["north-hamgyong"]),
         "DerivedEventShape", "SPARQL", DERIVED,
         "the province the division goes into is not after the event"),
    Case("derived-event-without-a-period-source",
         remove(DERIVED, NKKG.source, ID["source-wp-chongjin"]),
         "DerivedEventShape", "SPARQL", DERIVED,
         "a source of the periods is not a source of the derived event"),
    Case("split-result-starts-later",
         put(ID["north-hwanghae-period-1"], NKKG.startYear, gyear(1955)),
         "SplitShape", "SPARQL", SPLIT,
         "a division resulting from the split has no status period starting in the year of "
         "the split"),
    Case("split-division-ends-earlier", put(ID["hwanghae-period-1"], NKKG.endYear, gyear(1953)),
         "SplitShape", "SPARQL", SPLIT,
         "the divided division has no status period ending in the year of the split"),
    # ---------------------------------------------------------------- sources
    Case("source-without-title", remove(ARTICLE, RDFS.label),
         "SourceTitleShape", "MinCount", ARTICLE),
    Case("source-with-two-titles", add(ARTICLE, RDFS.label, Literal("Special cities", lang="en")),
         "SourceTitleShape", "MaxCount", ARTICLE),
    Case("source-title-untagged", put(ARTICLE, RDFS.label, Literal("Special cities")),
         "SourceTitleShape", "Datatype", ARTICLE),
    Case("source-without-url", remove(ARTICLE, NKKG.url),
         "SourceUrlShape", "MinCount", ARTICLE),
    Case("source-with-two-urls", add(ARTICLE, NKKG.url, URIRef("https://example.org/copy")),
         "SourceUrlShape", "MaxCount", ARTICLE),
    Case("source-url-as-string", put(ARTICLE, NKKG.url, Literal(str(ARTICLE_URL))),
         "SourceUrlShape", "NodeKind", ARTICLE),
    Case("source-url-local-file", put(ARTICLE, NKKG.url, URIRef("file:///home/me/article.html")),
         "SourceUrlShape", "Pattern", ARTICLE),
]  # fmt: skip


class _Journal:
    """Applies a change's adds, removes and sets to a graph in place, and takes them back."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.log: list[tuple[bool, tuple[Node, Node, Node]]] = []  # (added?, triple)

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        if triple not in self.graph:
            self.graph.add(triple)
            self.log.append((True, triple))

    def remove(self, pattern: tuple[Node | None, Node | None, Node | None]) -> None:
        for triple in list(self.graph.triples(pattern)):
            self.graph.remove(triple)
            self.log.append((False, triple))

    def set(self, triple: tuple[Node, Node, Node]) -> None:
        self.remove((triple[0], triple[1], None))
        self.add(triple)

    def undo(self) -> None:
        for added, triple in reversed(self.log):
            if added:
                self.graph.remove(triple)
            else:
                self.graph.add(triple)


@pytest.fixture(scope="module")
def seed() -> Graph:
    """The special cities' graph: the built graph without the provinces' rosters.

    Every planted fault is on a first-level division or a special city's unit;
    pyshacl, which the batches compare against, takes half the time on it.
    """
    return graph_of(special_cities_dataset())


@pytest.fixture(scope="module")
def work(seed: Graph) -> Iterator[Graph]:
    """A copy of the seed graph that cases change in place and restore (see `planted`)."""
    copy = Graph()
    copy += seed
    yield copy
    assert set(copy) == set(seed), "a planted change was not taken back"


@pytest.fixture(scope="module")
def lines(work: Graph) -> dict[tuple[Node, Node, Node], str]:
    """The built graph's triples as N-Triples lines, written once."""
    return {t: triple_line(t) for t in work}


def fast_report(
    journal: _Journal, lines: dict[tuple[Node, Node, Node], str], only: list[URIRef]
) -> ValidationReport:
    """The fast engine's report on the changed graph, as `nkkg build` validates: on a store.

    The N-Triples are the built graph's lines with the change's own, loaded
    as kg.validation.compiled.engine.store_of loads them.
    """
    present: dict[tuple[Node, Node, Node], bool] = {}
    for added, triple in journal.log:
        present[triple] = added
    gone = {t for t, here in present.items() if not here}
    new = [t for t, here in present.items() if here and t not in lines]
    text = "".join(line for t, line in lines.items() if t not in gone)
    store = ox.Store()
    added = "".join(triple_line(t) for t in new)
    store.bulk_load((text + added).encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    graph = journal.graph
    return validate_store(store, len(graph), fallback=lambda: graph, only=only)


@contextmanager
def planted(work: Graph, change: Change) -> Iterator[_Journal]:
    """`work` with the change made for the block (the journal's graph), then exactly as before.

    Copying the 3,000-triple graph for each case took 0.1 to 0.25 s (rdflib adds
    one triple at a time): most of this file's run time, before.
    """
    journal = _Journal(work)
    try:
        change(journal)  # type: ignore[arg-type]
        yield journal
    finally:
        journal.undo()


def node_shapes(shapes: Graph, shape: URIRef) -> list[URIRef]:
    """The node shapes that hold a property shape, or the node shape itself."""
    return sorted(shapes.subjects(SH.property, shape)) or [shape]  # type: ignore[return-value]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The packaged shapes, read only: the fast engine compiles them once per process."""
    return packaged_shapes()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_minimal_change_breaks_constraint(
    work: Graph, lines: dict[tuple[Node, Node, Node], str], shapes: Graph, case: Case
) -> None:
    only = node_shapes(shapes, SHAPES[case.shape])
    with planted(work, case.change) as changed:
        report = fast_report(changed, lines, only)
    found = [(r.shape, r.component, r.focus, r.message) for r in report.results]
    assert hits(report, case), (
        f"expected {case.shape}/{case.component} on {case.focus}, got {found}"
    )
    assert {r.severity for r in hits(report, case)} == {case.severity}
    if case.message is not None:
        assert case.message in [r.message for r in hits(report, case)]
    assert report.conforms is (case.severity != "Violation")


def hits(report: ValidationReport, case: Case) -> list[ValidationResult]:
    component = SH[f"{case.component}ConstraintComponent"]
    return [
        r
        for r in report.results
        if r.shape == SHAPES[case.shape] and r.component == component and r.focus == case.focus
    ]


class _Touched:
    """Records the (subject, predicate) pairs a change adds, removes or sets."""

    def __init__(self) -> None:
        self.keys: set[tuple[Node, Node]] = set()

    def add(self, triple: tuple[Node, Node, Node | None]) -> None:
        self.keys.add((triple[0], triple[1]))

    remove = set = add


# Faults about a whole group of claims, which another case's change to the same claims hides.
ALONE = {
    "located-in-a-cycle",
    "claim-without-subject",
    "conflict-without-preferred",
    "no-value-beside-a-normal-value",
}


def batches(shapes: Graph) -> list[list[Case]]:
    """The cases in batches of the same node shapes whose changes touch no common (s, p).

    pyshacl takes 0.1 to 1.5 s a run here, so each batch is one run instead of
    one per case; the test proves that no change in a batch hides another.
    (Batches across node shapes were slower: a run with more shapes and more
    faults costs more than the runs it replaces.)
    """
    found: list[tuple[list[URIRef], set[tuple[Node, Node]], list[Case]]] = []
    for case in CASES:
        touched = _Touched()
        case.change(touched)  # type: ignore[arg-type]
        only = node_shapes(shapes, SHAPES[case.shape])
        for group, keys, members in found:
            alone = case.id in ALONE or members[0].id in ALONE
            if group == only and not keys & touched.keys and not alone:
                keys |= touched.keys
                members.append(case)
                break
        else:
            found.append((only, set(touched.keys), [case]))
    return [members for _group, _keys, members in found]


BATCHES = batches(packaged_shapes())


@pytest.mark.parametrize("batch", BATCHES, ids=lambda b: b[0].id)
def test_whole_graph_checks_report_what_pyshacl_reports(
    work: Graph, lines: dict[tuple[Node, Node, Node], str], shapes: Graph, batch: list[Case]
) -> None:
    # the fast engine runs each constraint once over the whole graph on pyoxigraph; pyshacl
    # runs it per focus node with rdflib: with every planted fault of the batch in one graph,
    # the reports must be the same, result for result and byte for byte
    only = node_shapes(shapes, SHAPES[batch[0].shape])
    with planted(work, both(*(case.change for case in batch))) as changed:
        fast = fast_report(changed, lines, only)
        reference = validate_graph(work, only=only, engine="pyshacl")
    assert fast.results == reference.results
    assert report_turtle(fast) == report_turtle(reference)
    for case in batch:  # no planted fault hides another
        assert hits(fast, case), f"{case.id} does not show in its batch"


def test_every_case_is_in_one_batch() -> None:
    assert sorted(c.id for b in BATCHES for c in b) == sorted(c.id for c in CASES)
    assert len(BATCHES) < len(CASES)


def test_whole_graph_sparql_checks_on_the_seed_graph_and_all_shapes(graph: Graph) -> None:
    fast, reference = validate_graph(graph), validate_graph(graph, engine="pyshacl")
    assert fast.results == reference.results == ()
    assert report_turtle(fast) == report_turtle(reference)


def test_unknown_value_beside_a_value_is_not_a_no_value_conflict(work: Graph) -> None:
    # the same ranks as no-value-beside-a-normal-value, but "unknown" (somevalue), not "none"
    change = both(
        put(ID["kaesong-iso-code-1"], NKKG.rank, NKKG.NormalRank),
        put(ID["kaesong-iso-code-3"], NKKG.claimValue, NKKG.UnknownValue),
    )
    only = node_shapes(packaged_shapes(), SHAPES.NoValueShape)
    with planted(work, change):
        assert validate_graph(work, only=only).results == ()


def test_several_normal_values_without_a_preferred_one_conform(graph: Graph) -> None:
    # Chongjin's two populations: both normal, both plain, no violation
    assert values_of(graph, ID.chongjin, NKKG.population) == {Literal(667929), Literal(627000)}
    shapes = packaged_shapes()
    only = node_shapes(shapes, SHAPES.PreferredClaimShape) + node_shapes(
        shapes, SHAPES.ValueHasClaimShape
    )
    assert validate_graph(graph, only=only).results == ()


def values_of(graph: Graph, subject: Node, predicate: URIRef) -> set[Node]:
    return set(graph.objects(subject, predicate))


def test_consecutive_periods_may_share_their_boundary_year(work: Graph) -> None:
    # Pyongyang inside South Pyongan until 1946, then directly governed from 1946
    change = new_period("pyongyang", 2, None, 1946, province="south-pyongan")
    with planted(work, change):
        report = validate_graph(work)
    assert report.results == ()


def test_a_year_in_the_current_year_is_in_range(work: Graph) -> None:
    # the change event derived from periods 3 and 4 moves with the period's start
    change = both(
        put(ID["kaesong-period-4"], NKKG.startYear, gyear(THIS_YEAR)),
        put(ID["kaesong-change-3"], NKKG.year, gyear(THIS_YEAR)),
    )
    with planted(work, change):
        report = validate_graph(work)
    assert report.results == ()


def test_alt_labels_may_differ_without_a_preferred_one(work: Graph) -> None:
    # the built graph already has two normal alt labels for DirectlyGovernedCity; add a third
    node = ID["DirectlyGovernedCity-alt-label-3"]
    change = both(
        add(NKKG.DirectlyGovernedCity, NKKG.claim, node),
        add(node, RDF.type, NKKG.Claim),
        add(node, NKKG.claimProperty, SKOS.altLabel),
        add(node, NKKG.claimValue, Literal("chikhalsi", lang="en")),
        add(node, NKKG.rank, NKKG.NormalRank),
        add(node, NKKG.source, ARTICLE),
    )
    with planted(work, change):
        report = validate_graph(work)
    assert report.results == ()


# ---------------------------------------------------------------- the shapes graph itself

# SHACL parameters and the constraint component each one belongs to.
COMPONENT_OF = {
    SH.minCount: "MinCount",
    SH.maxCount: "MaxCount",
    SH.datatype: "Datatype",
    SH["class"]: "Class",
    SH.nodeKind: "NodeKind",
    SH.pattern: "Pattern",
    SH.minExclusive: "MinExclusive",
    SH.minInclusive: "MinInclusive",
    SH.maxExclusive: "MaxExclusive",
    SH.maxInclusive: "MaxInclusive",
    SH["in"]: "In",
    SH.hasValue: "HasValue",
    SH.uniqueLang: "UniqueLang",
    SH.languageIn: "LanguageIn",
    SH.qualifiedMinCount: "QualifiedMinCount",
    SH.qualifiedMaxCount: "QualifiedMaxCount",
    SH["or"]: "Or",
    SH["and"]: "And",
    SH["not"]: "Not",
    SH.xone: "Xone",
    SH.node: "Node",
    SH.sparql: "SPARQL",
}
NOT_CONSTRAINTS = {
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.message,
    SH.severity,
    SH.qualifiedValueShape,
    SH.flags,
}


def constraints(shapes: Graph) -> set[tuple[str, str]]:
    """(shape, component) for every constraint of every named shape."""
    found = set()
    named = {
        s
        for s in shapes.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(NKKGSH)
    }
    for shape in named:
        if (shape, RDF.type, SH.SPARQLConstraint) in shapes:
            continue
        for predicate in set(shapes.predicates(shape, None)):
            if not str(predicate).startswith(str(SH)) or predicate in NOT_CONSTRAINTS:
                continue
            assert predicate in COMPONENT_OF, f"{shape}: parameter {predicate} has no mapping"
            found.add((str(shape).removeprefix(NKKGSH), COMPONENT_OF[predicate]))
    return found


def test_every_constraint_has_a_case() -> None:
    in_shapes = constraints(load_shapes())
    in_cases = {(case.shape, case.component) for case in CASES}
    assert in_shapes - in_cases == set(), "constraints without a failing example"
    assert in_cases - in_shapes == set(), "cases for constraints that do not exist"
    assert len(in_shapes) == 132


def test_every_shape_and_constraint_says_what_it_protects() -> None:
    shapes = load_shapes()
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    nodes = {s for kind in kinds for s in shapes.subjects(RDF.type, kind)}
    assert len(nodes) == 100
    for node in nodes:
        assert isinstance(node, URIRef), f"anonymous shape {node}: give it an IRI"
        comments = [c for c in shapes.objects(node, RDFS.comment) if c.language == "en"]
        assert len(comments) == 1 and len(comments[0]) > 20, node
    # each SPARQL-based shape has one named constraint, so results name the shape
    for shape in shapes.subjects(SH.sparql, None):
        assert len(list(shapes.objects(shape, SH.sparql))) == 1, shape


def test_shapes_are_valid_shacl() -> None:
    from pyshacl.entrypoints import meta_validate

    conforms, _graph, text = meta_validate(load_shapes())
    assert conforms, text


def test_meta_shacl_rejects_a_broken_shape() -> None:
    """The meta-SHACL check is not vacuous: a shape with two paths fails it."""
    from pyshacl.entrypoints import meta_validate

    # the shape alone (its description, lists included): the check of all shapes takes 2 s
    shape = SHAPES.DivisionPopulationShape
    alone = packaged_shapes().cbd(shape)
    assert meta_validate(alone)[0] is True
    alone.add((shape, SH.path, NKKG.areaKm2))
    conforms, _graph, text = meta_validate(alone)
    assert conforms is False
    # shacl-shacl: a shape with two paths is neither a node shape nor a property shape
    assert "Focus Node: <https://w3id.org/nkkg/shapes#DivisionPopulationShape>" in text
    assert "XoneConstraintComponent" in text, text


def test_the_fast_engine_runs_the_whole_graph_forms() -> None:
    # nkkgsh:wholeGraphSelect replaces sh:select for the fast engine (FILTER NOT EXISTS was
    # quadratic on Oxigraph); pyshacl keeps sh:select, where SHACL forbids MINUS
    from kg.validation.compiled import sparql

    shapes = load_shapes()
    queries = {str(c.constraint): c.query for c in sparql.checks(shapes)}
    for name in ("ValueHasClaimConstraint", "DerivedEventConstraint", "SplitConstraint"):
        assert "MINUS" in queries[str(SHAPES[name])], name
        assert "MINUS" not in str(shapes.value(SHAPES[name], SH.select)), name
