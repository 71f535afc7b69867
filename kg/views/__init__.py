"""The views: the one read-back of the built graph into plain Python objects.

The release (tables, GeoJSON, LPF, the site, `nkkg diff`) and linking to
Wikidata (`nkkg link check|suggest|diff|export`) read the graph only through
these: `Views.of(graph_or_store, base)` runs the queries in kg/views/queries/
on a pyoxigraph Store and answers with Place, Period, Claim, Point, Event,
Source and Entity objects; kg.views.labels is the one way to choose a name.
The views sit below publish and wikidata and import neither.
"""

from kg.views.graph import MARKERS, year
from kg.views.labels import Tagged, display, english, tagged
from kg.views.model import (
    FIRST_LEVEL_KINDS,
    SEPARATOR,
    Claim,
    Entity,
    Event,
    Period,
    Place,
    Point,
    Source,
    is_first_level_now,
    lexical,
    slug,
    span,
)
from kg.views.places import QID, Views, kind_label, local

__all__ = [
    "FIRST_LEVEL_KINDS",
    "MARKERS",
    "QID",
    "SEPARATOR",
    "Claim",
    "Entity",
    "Event",
    "Period",
    "Place",
    "Point",
    "Source",
    "Tagged",
    "Views",
    "display",
    "english",
    "is_first_level_now",
    "kind_label",
    "lexical",
    "local",
    "slug",
    "span",
    "tagged",
    "year",
]
