"""The graph: terms and prefixes, formats, the builder, the ontology, serializing, reading."""
