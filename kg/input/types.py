"""The value types of the input model: years, slugs, language tags, ranks, source lists.

Shared by kg.input.model (claims, records) and kg.input.history (periods,
events), so that neither imports the other.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
)

from kg.profile import PROFILE

FIRST_YEAR = PROFILE.first_year

# RFC 5646 language tag syntax (BCP 47), without the grandfathered tags.
_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}"  # language and extended language
    r"(-[A-Za-z]{4})?"  # script
    r"(-([A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(-x(-[A-Za-z0-9]{1,8})+)?\Z"  # private use
)


def check_year(year: int) -> int:
    last = datetime.date.today().year
    if not FIRST_YEAR <= year <= last:
        raise ValueError(f"year {year} is outside {FIRST_YEAR}..{last}")
    return year


def _check_lang(tag: str) -> str:
    if not _BCP47.match(tag):
        raise ValueError(f"'{tag}' is not a valid BCP 47 language tag")
    return tag


def year_of_time(value: int | str | datetime.date) -> int:
    if isinstance(value, str):
        return int(value[:4])
    return value if isinstance(value, int) else value.year


def _check_month(value: str) -> str:
    check_year(int(value[:4]))
    if not 1 <= int(value[5:]) <= 12:
        raise ValueError(f"no such month {value}")
    return value


def as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


Year = Annotated[StrictInt, AfterValidator(check_year)]
Slug = Annotated[StrictStr, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
LangTag = Annotated[StrictStr, AfterValidator(_check_lang)]
SourceIds = Annotated[tuple[Slug, ...], BeforeValidator(as_tuple), Field(min_length=1)]
Qid = Annotated[StrictStr, Field(pattern=r"^Q[1-9][0-9]*$")]
PositiveDecimal = Annotated[Decimal, Field(gt=0)]
# a month of a year, "1946-09": a claim's time as precise as its source (xsd:gYearMonth)
YearMonth = Annotated[
    StrictStr, Field(pattern=r"^[0-9]{4}-[0-9]{2}$"), AfterValidator(_check_month)
]
ClaimTime: TypeAlias = Year | YearMonth | datetime.date


class Rank(StrEnum):
    PREFERRED = "preferred"
    NORMAL = "normal"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
