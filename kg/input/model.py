"""The domain model: sourced claims, status periods, records and sources.

These pydantic models are both the schema the input data is validated
against and the plain objects the graph builder reads; nothing here knows
about RDF. Cross-record checks (unknown ids, ranks) live in the loader.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Any, get_args

from pydantic import (
    BaseModel,
    Field,
    PositiveInt,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)

from kg.input.history import DateClaim, Event, EventKind, Period
from kg.input.properties import PROPERTIES, Value
from kg.input.types import (
    FIRST_YEAR,
    ClaimTime,
    LangTag,
    PositiveDecimal,
    Qid,
    Rank,
    Slug,
    SourceIds,
    Strict,
    Year,
    year_of_time,
)
from kg.rdf.namespace import HTTP_IRI


class _Strict(BaseModel):
    model_config = Strict.model_config  # ruff knows a pydantic model by its BaseModel


__all__ = ["FIRST_YEAR", "DateClaim", "Event", "EventKind", "Period", "Rank", "Slug", "Year"]


class Claim(_Strict):
    """One sourced value.

    `unknown: true` stands for a value the source leaves out (Wikidata's
    somevalue); `novalue: true` for a source's statement that there is none
    (Wikidata's novalue). `since`/`until` bound the time the value holds.
    """

    value: Any = None
    unknown: bool = False
    novalue: bool = False
    lang: LangTag | None = None
    source: SourceIds
    rank: Rank = Rank.NORMAL
    as_of: ClaimTime | None = None
    since: ClaimTime | None = None
    until: ClaimTime | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _value_or_marker(self) -> Claim:
        if (self.value is not None) + self.unknown + self.novalue != 1:
            raise ValueError("give exactly one of a value, 'unknown: true' or 'novalue: true'")
        if (
            self.since is not None
            and self.until is not None
            and year_of_time(self.until) < year_of_time(self.since)
        ):
            raise ValueError(f"until {self.until} is before since {self.since}")
        return self

    @property
    def explicit_rank(self) -> bool:
        """Whether the input states `rank` (pydantic's fields_set), not just the default."""
        return "rank" in self.model_fields_set


class TextClaim(Claim):
    value: StrictStr | None = None
    lang: LangTag


class StringClaim(Claim):
    value: StrictStr | None = None


class IntegerClaim(Claim):
    value: PositiveInt | None = Field(default=None, strict=True)


class DecimalClaim(Claim):
    value: PositiveDecimal | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | None):
            raise ValueError("must be a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")  # 1e400 reads as infinity
        return Decimal(str(value)) if isinstance(value, float) else value


class YearClaim(Claim):
    value: Year | None = None


class RefClaim(Claim):
    """A reference to another record by its id."""

    value: Slug | None = None


class KindClaim(Claim):
    """A kind, named by its ontology class (a record of kinds.yaml)."""

    value: StrictStr | None = None


class QidClaim(Claim):
    value: Qid | None = None


class GeoNamesClaim(Claim):
    """A GeoNames feature id (the number in https://sws.geonames.org/ID/)."""

    value: Annotated[StrictStr, Field(pattern=r"^[1-9][0-9]*$")] | None = None


class BooleanClaim(Claim):
    value: StrictBool | None = None


class Claims(_Strict):
    """The properties a record can have; each is a list of claims."""

    kind: list[KindClaim] = []
    label: list[TextClaim] = []
    pref_label: list[TextClaim] = []
    alt_label: list[TextClaim] = []
    iso_code: list[StringClaim] = []
    population: list[IntegerClaim] = []
    area_km2: list[DecimalClaim] = []
    density_per_km2: list[DecimalClaim] = []
    seat: list[RefClaim] = []
    located_in: list[RefClaim] = []
    region: list[RefClaim] = []
    related_province: list[RefClaim] = []
    absorbed_into: list[RefClaim] = []
    year_of_assignment: list[YearClaim] = []
    capital: list[RefClaim] = []
    first_level: list[BooleanClaim] = []
    wikidata: list[QidClaim] = []
    geonames: list[GeoNamesClaim] = []

    def items(self) -> list[tuple[str, list[Claim]]]:
        """(property, claims) in declaration order, skipping empty ones."""
        return [
            (name, getattr(self, name)) for name in type(self).model_fields if getattr(self, name)
        ]


CLAIM_TYPES: dict[Value, type[Claim]] = {
    Value.TEXT: TextClaim,
    Value.STRING: StringClaim,
    Value.INTEGER: IntegerClaim,
    Value.DECIMAL: DecimalClaim,
    Value.YEAR: YearClaim,
    Value.BOOLEAN: BooleanClaim,
    Value.REF: RefClaim,
    Value.KIND: KindClaim,
    Value.QID: QidClaim,
    Value.GEONAMES: GeoNamesClaim,
}


def _check_against_table() -> None:
    """Claims must declare exactly the property table's keys, each with its kind of claim."""
    declared = {name: get_args(f.annotation) for name, f in Claims.model_fields.items()}
    expected = {p.key: (CLAIM_TYPES[p.value],) for p in PROPERTIES}
    if declared != expected:
        raise AssertionError(f"kg.input.model.Claims differs from the property table: {declared}")


_check_against_table()


class Point(_Strict):
    """A representative point (WGS 84 degrees), never a boundary or a centroid."""

    lat: Annotated[Decimal, Field(ge=-90, le=90)]
    lon: Annotated[Decimal, Field(ge=-180, le=180)]
    source: SourceIds
    note: StrictStr | None = None

    @field_validator("lat", "lon", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValueError("must be a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")  # 1e400 reads as infinity
        return Decimal(str(value)) if isinstance(value, float) else value


class Record(_Strict):
    """A place: a division, a region or the country."""

    id: Slug
    claims: Claims = Claims()
    periods: list[Period] = []
    point: Point | None = None


class KindRecord(_Strict):
    """A kind of place; `id` is its class in the ontology."""

    id: Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Za-z]*$")]
    claims: Claims = Claims()


class Coverage(_Strict):
    """What a source gives values for: input properties, and where it matters, record ids.

    `properties` may name "periods" (status periods), "events" and "point".
    An empty `entities` list means the source covers every record.
    """

    properties: tuple[StrictStr, ...] = Field(min_length=1)
    entities: tuple[StrictStr, ...] = ()  # record ids, or kind ids of kinds.yaml

    def allows(self, prop: str, record: str) -> bool:
        return prop in self.properties and (not self.entities or record in self.entities)


class Source(_Strict):
    id: Slug
    url: Annotated[StrictStr, Field(pattern=f"^{HTTP_IRI.pattern}$")]
    title: StrictStr
    # None: not declared (a source `nkkg link suggest --accept` adds); the packaged
    # sources all declare it, which a test keeps true
    covers: Coverage | None = None

    def allows(self, prop: str, record: str) -> bool:
        return self.covers is None or self.covers.allows(prop, record)


class Dataset(_Strict):
    """Everything the builder needs, already checked for consistency."""

    sources: tuple[Source, ...]
    kinds: tuple[KindRecord, ...]
    records: tuple[Record, ...]
    events: tuple[Event, ...] = ()
