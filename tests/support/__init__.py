"""Helpers the tests share (not fixtures: those are in tests/conftest.py)."""
