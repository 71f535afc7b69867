"""Unsupported: what the compiled engine does not do, so that pyshacl validates instead."""

from __future__ import annotations


class Unsupported(Exception):
    """A graph or constraint the compiled engine does not handle; pyshacl validates it instead."""
