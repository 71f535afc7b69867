"""The names the command line offers as choices for queries, kept free of rdflib.

Declared here, without importing an engine, so that `nkkg query --help` and
shell completion need not load rdflib or pyoxigraph to list them.
"""

ENGINES = ("rdflib", "oxigraph")
"""The in-process engines (`--engine`)."""

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
"""How SELECT results print (`--format`): jsonl is one JSON object a row, for streams."""
