"""Linking the graph to Wikidata: check the links, suggest missing ones, compare values,
and export what the graph can add as QuickStatements."""

from kg.views import Entity
from kg.wikidata.accept import Accepted, accept, accept_candidate, endpoint_source
from kg.wikidata.check import CheckResult, Finding, check
from kg.wikidata.client import WIKIDATA_ENDPOINT, Service, checked_service, entities
from kg.wikidata.diff import DiffRow, Status, diff, diff_summary, format_rows
from kg.wikidata.quickstatements import Export, ReviewRow, export
from kg.wikidata.suggest import Candidate, Evidence, Suggestion, suggest, suggest_summary

__all__ = [
    "WIKIDATA_ENDPOINT",
    "Accepted",
    "Candidate",
    "CheckResult",
    "DiffRow",
    "Entity",
    "Evidence",
    "Export",
    "Finding",
    "ReviewRow",
    "Service",
    "Status",
    "Suggestion",
    "accept",
    "accept_candidate",
    "check",
    "checked_service",
    "diff",
    "diff_summary",
    "endpoint_source",
    "entities",
    "export",
    "format_rows",
    "suggest",
    "suggest_summary",
]
