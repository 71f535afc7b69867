"""The SHACL subset the compiled engine knows: its parameters and their SPARQL tables.

kg.validation.compiled.core compiles these parameters; any other on a shape
raises Unsupported (README.md beside this file lists the whole subset).
"""

from __future__ import annotations

from rdflib.namespace import RDF, RDFS, SH, XSD

# XML Schema lexical forms, for sh:datatype's "well-formed literal of that datatype"
LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.gYear: r"^-?([1-9][0-9]{3,}|0[0-9]{3})(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
    XSD.gYearMonth: r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
    XSD.date: r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
}
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
RANGES = {
    SH.minExclusive: (">", "MinExclusive"),
    SH.maxExclusive: ("<", "MaxExclusive"),
    SH.minInclusive: (">=", "MinInclusive"),
    SH.maxInclusive: ("<=", "MaxInclusive"),
}
# Parameters that say nothing about conformance, and those handled elsewhere.
IGNORED = {
    RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.order, SH.group,
    SH.message, SH.severity, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.sparql, SH.prefixes, SH.declare, SH.flags, SH.path, SH.property,
    SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
VALUE_PARAMETERS = {
    SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH["in"], SH.languageIn,
    SH.node, SH["or"], *RANGES,
}  # fmt: skip
COUNT_PARAMETERS = {
    SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.hasValue
}  # fmt: skip
