"""The RDF ground floor: the ontology's terms and the prefixes, N-Triples, the format registry.

Everything above writes RDF through here, and this package imports nothing of
kg but kg.errors: namespace (terms, the prefix table, prefixed names, the
http(s)-IRI test), nt (the term writer and the one order of triples), formats
(each format with its writer), jsonld (the compacting JSON-LD writer).
"""
