"""Time travel for users' own data: which unit a name or code meant at a date, and crosswalks.

All of it is read from the built graph (kg.timetravel.facts) and decided here,
so the commands `nkkg resolve`, `nkkg crosswalk` and `nkkg convert` are thin.
"""

from kg.timetravel.dates import Asked, Span, parse_date
from kg.timetravel.facts import Timeline, load_timeline

__all__ = ["Asked", "Span", "Timeline", "load_timeline", "parse_date"]
