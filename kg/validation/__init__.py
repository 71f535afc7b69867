"""Validation: SHACL (whole-graph queries, pyshacl as reference), reports, ontology checks."""
