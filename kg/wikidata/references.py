"""Wikidata references for the graph's sources, from Wikidata's documentation and tools.

Every property and item written into a reference or a unit is a `Term` of a table
here, with the address of the page or public tool it was read from and what that
says. Nothing else is written: a source whose convention needs an item no cited
page gives (a Wikipedia edition other than English, for one) gets no reference,
and its statement is held back for review. A caller may add or replace documented
items (`DocumentedItems`, `nkkg link export --items`), each with its own address.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import NkkgError

HELP_SOURCES = "https://www.wikidata.org/wiki/Help:Sources"
HELP_QUICKSTATEMENTS = "https://www.wikidata.org/wiki/Help:QuickStatements"
HELP_DATES = "https://www.wikidata.org/wiki/Help:Dates"
PCC_PILOT = (
    "https://m.wikidata.org/wiki/Wikidata:WikiProject_PCC_Wikidata_Pilot/Pilot_Best_Practices/"
    "Handling_Inaccurate_Statements_in_Wikidata_Items"
)
# A public QuickStatements generator (a userscript building V1 batches from English
# Wikipedia), where the English Wikipedia reference below is written this way
EPISODE_GENERATOR = "https://github.com/CennoxX/userscripts"
STANFORD = (
    "https://m.wikidata.org/wiki/Wikidata:WikiProject_Stanford_Libraries/"
    "Sourcing_statements_via_references"
)

_QID = re.compile(r"^Q[1-9][0-9]*$")
_WIKIPEDIA = re.compile(r"^([a-z][a-z0-9-]*)\.wikipedia\.org$")


@dataclass(frozen=True)
class Term:
    """A Wikidata property or item, and the documentation page it was read from."""

    id: str
    label: str
    doc: str
    says: str


# The properties and items written into references, each read from the page named.
REFERENCE_TERMS: Mapping[str, Term] = {
    "P854": Term(
        "P854",
        "reference URL",
        HELP_SOURCES,
        "Typically the property used for sources is one of two options: stated in (P248) "
        "(referring to publications and media) and reference URL (P854) (used for websites "
        "and online databases).",
    ),
    "P143": Term(
        "P143",
        "imported from Wikimedia project",
        PCC_PILOT,
        'If the reference was "imported from a Wikimedia project" (P143), i.e. from a '
        "Wikipedia article: review the corresponding source Wikimedia source",
    ),
    "P4656": Term(
        "P4656",
        "Wikimedia import URL",
        EPISODE_GENERATOR,
        'Wikidata Episode Generator writes every reference as S143 Q328 S4656 "https://en.'
        "wikipedia.org/w/index.php?title=ARTICLE&oldid=REVISION\" (the article's revision)",
    ),
}

# Wikipedia host -> the item of that Wikipedia edition: only editions a cited tool names.
WIKIPEDIA_EDITIONS: Mapping[str, Term] = {
    "en.wikipedia.org": Term(
        "Q328",
        "English Wikipedia",
        EPISODE_GENERATOR,
        "Wikidata Episode Generator (a userscript on en.wikipedia.org) imports with S143 Q328",
    ),
}

# Units of quantities, by nkkg's name: only units a cited page writes.
UNITS: Mapping[str, Term] = {
    "km2": Term(
        "Q712226",
        "square kilometre",
        HELP_QUICKSTATEMENTS,
        "a quantity with a unit is written amount U item; an area in square kilometres, as "
        "in the QuickStatements syntax references' example Q97|P2046|106460000~10000U712226",
    ),
}


@dataclass(frozen=True)
class DocumentedItems:
    """Items a caller adds, each with its documentation page: kinds, Wikipedias, units."""

    kinds: Mapping[str, Term] = field(default_factory=dict)
    wikipedia: Mapping[str, Term] = field(default_factory=dict)
    units: Mapping[str, Term] = field(default_factory=dict)

    def edition(self, host: str) -> Term | None:
        return self.wikipedia.get(host) or WIKIPEDIA_EDITIONS.get(host)

    def unit(self, name: str) -> Term:
        return self.units.get(name) or UNITS[name]

    def terms(self) -> dict[str, Term]:
        """Every term a reference may use: the packaged ones and the Wikipedias given."""
        return {
            **REFERENCE_TERMS,
            **{t.id: t for t in (*WIKIPEDIA_EDITIONS.values(), *self.wikipedia.values())},
        }


def read_items(path: str | Path) -> DocumentedItems:
    """A YAML file of `kinds`, `wikipedia` and `units`, each `name: {item: Q…, doc: URL}`.

    Every entry must name its documentation page (an http(s) URL); one bad entry is
    a one-line error naming the file, section and entry.
    """
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as err:
        raise NkkgError(f"cannot read {source}: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise NkkgError(f"{source}: not valid YAML ({' '.join(str(err).split())})") from None
    if not isinstance(data, dict):
        raise NkkgError(f"{source}: expected a mapping with kinds, wikipedia and/or units")
    unknown = sorted(set(map(str, data)) - {"kinds", "wikipedia", "units"})
    if unknown:
        known = "kinds, wikipedia, units"
        raise NkkgError(f"{source}: unknown section '{unknown[0]}' (known: {known})")
    sections: dict[str, dict[str, Term]] = {}
    for section in ("kinds", "wikipedia", "units"):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise NkkgError(f"{source}, {section}: expected a mapping of name to {{item, doc}}")
        sections[section] = {
            str(name): _term(source, section, str(name), entry) for name, entry in entries.items()
        }
    return DocumentedItems(**sections)


def _term(source: Path, section: str, name: str, entry: object) -> Term:
    where = f"{source}, {section}, '{name}'"
    if not isinstance(entry, dict):
        raise NkkgError(f"{where}: expected {{item: Q…, doc: URL}}")
    item, doc = str(entry.get("item", "")), str(entry.get("doc", ""))
    if not _QID.match(item):
        raise NkkgError(f"{where}, field 'item': '{item}' is not a Wikidata item id")
    if urllib.parse.urlsplit(doc).scheme not in ("http", "https"):
        raise NkkgError(f"{where}, field 'doc': the documentation page must be an http(s) URL")
    return Term(item, str(entry.get("label", name)), doc, str(entry.get("says", "")))


@dataclass(frozen=True)
class Source:
    """A source of a claim, as the graph states it."""

    url: str
    title: str


Snak = tuple[str, str]  # (reference property as S…, the value as written in QuickStatements)


def reference(source: Source, items: DocumentedItems) -> tuple[Snak, ...] | str:
    """The reference for one source, or why none can be written.

    A Wikipedia article: imported from Wikimedia project (P143) with the edition's
    item, and the article's address as Wikimedia import URL (P4656): the revision's
    (index.php?title=…&oldid=…) where the source records one, the article's otherwise.
    Any other page: reference URL (P854).
    """
    parts = urllib.parse.urlsplit(source.url)
    host = (parts.hostname or "").lower()
    article = parts.path.startswith("/wiki/") or parts.path == "/w/index.php"
    if _WIKIPEDIA.match(host) and article:
        edition = items.edition(host)
        if edition is None:
            return (
                f"a Wikipedia article ({host}) is referenced with imported from Wikimedia project "
                f"(P143) and the item of that Wikipedia; no documented item is known for {host}"
            )
        return (("S143", edition.id), ("S4656", '"' + source.url + '"'))
    return (("S854", '"' + source.url + '"'),)


def documented_items(items: str | Path | None, kind_map: str | Path | None) -> DocumentedItems:
    """The documented items of `--items FILE`, with the kinds of `--kind-map FILE` if given."""
    found = read_items(items) if items is not None else DocumentedItems()
    if kind_map is not None:
        found = dataclasses.replace(found, kinds=read_items(kind_map).kinds)
    return found
