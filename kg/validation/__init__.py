"""Validation: SHACL shapes (pyshacl), the report forms, and the ontology checks."""
