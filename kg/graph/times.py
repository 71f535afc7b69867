"""Dates as RDF: a nkkg:TimeValue node per date more precise than a year, or bounded.

Wikidata's time-and-precision model: the literal's datatype follows the
precision (xsd:gYear, xsd:gYearMonth, xsd:date), and bounds are the earliest
and latest dates it may be (equal for an exact date), with their years beside
them so that queries compare integers (rdflib orders none of these types).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import RDF, XSD

from kg.input.dates import Moment, Precision, When
from kg.rdf.namespace import NKKG
from kg.rdf.nt import Row, iri, literal

_PRECISION = {
    Precision.YEAR: (str(NKKG.YearPrecision), str(XSD.gYear)),
    Precision.MONTH: (str(NKKG.MonthPrecision), str(XSD.gYearMonth)),
    Precision.DAY: (str(NKKG.DayPrecision), str(XSD.date)),
}
_GYEAR = str(XSD.gYear)


def time_literal(moment: Moment) -> str:
    """A date at its precision: an xsd:gYear, xsd:gYearMonth or xsd:date literal."""
    return literal(moment.iso(), datatype=_PRECISION[moment.precision][1])


def time_value(node: str, when: When) -> Iterator[Row]:
    """The rows of one nkkg:TimeValue node."""
    yield node, str(RDF.type), iri(str(NKKG.TimeValue))
    yield node, str(NKKG.precision), iri(_PRECISION[when.precision][0])
    for moment, exact, year in (
        (when.earliest, NKKG.earliest, NKKG.earliestYear),
        (when.latest, NKKG.latest, NKKG.latestYear),
    ):
        if moment is not None:  # a bound left out: open on that side
            yield node, str(exact), time_literal(moment)
            yield node, str(year), literal(f"{moment.year:04d}", datatype=_GYEAR)
