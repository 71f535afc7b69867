"""The one way to choose a name: the English one (or another language's), whatever the order.

Every table, page, report and comparison that shows one name of a node (a
division's title, a kind's name, a term's label, a source's title) chooses it
here, from the node's names as (text, language tag) pairs. A node may have
several names in a language (against the shapes, or in a graph the user
gives): the least text is chosen, never the first one a store happens to
return, so the choice does not depend on the order in which triples were added.
"""

from __future__ import annotations

from collections.abc import Iterable

Tagged = tuple[str, str]
"""A name: its text and its language tag in lower case ("" for none)."""


def tagged(literals: Iterable[object]) -> list[Tagged]:
    """The literals among `literals` as names (IRIs and blank nodes are no names)."""
    from rdflib import Literal

    return [(str(o), (o.language or "").lower()) for o in literals if isinstance(o, Literal)]


def english(names: Iterable[Tagged], *, lang: str = "en", untagged: bool = False) -> str | None:
    """The least text among the names tagged `lang` (and, with `untagged`, those with no tag);
    None when there is none."""
    wanted = {lang.lower(), ""} if untagged else {lang.lower()}
    found = [text for text, tag in names if tag.lower() in wanted]
    return min(found) if found else None


def display(names: Iterable[Tagged]) -> str | None:
    """The English name, else the least name of the least language tag; None for no name."""
    every = sorted((tag.lower(), text) for text, tag in names)
    if not every:
        return None
    return english((text, tag) for tag, text in every) or every[0][1]
