"""Validation: SHACL shapes (whole-graph queries on pyoxigraph; pyshacl as the reference), the report forms, and the ontology checks."""
