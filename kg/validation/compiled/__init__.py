"""The compiled SHACL engine: each constraint as one SPARQL query over the whole graph.

kg.validation.compiled.core compiles SHACL Core constraints, .sparql the
SHACL-SPARQL ones, and .engine runs them on pyoxigraph and writes the report
graph pyshacl would write; what it does not compile raises
kg.validation.compiled.unsupported.Unsupported, and pyshacl validates instead.
README.md beside this file lists the SHACL subset it compiles.
"""
