"""Validation: SHACL shapes, their report, and the ontology checks.

api (the entry points) runs the compiled engine (compiled/, whole-graph queries
on pyoxigraph) or the pyshacl adapter (pyshacl_engine, the reference) on the
shapes of shapes.py; model is the report they give, report.py prints it;
ontology_checks is the ontology's own lint.
"""
