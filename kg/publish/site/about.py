"""What a reader needs to reuse the release: its licence, version, how to cite it, and the
schema.org Dataset description search engines read (JSON-LD in the index's head)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from kg.publish.metadata import (
    DATASET,
    DESCRIPTION,
    KEYWORDS,
    LICENSE,
    PUBLISHER,
    TITLE,
    media_type,
)
from kg.publish.site.html import esc
from kg.rdf.namespace import ONTOLOGY_IRI

LICENSE_NAME = "CC BY-SA 4.0"


def version(graph: Graph) -> str:
    value = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return str(value) if value is not None else "unversioned"


def grouped(cell: str) -> str:
    """Whole numbers with thousands separators (3,255,288); a list of them, each."""
    parts = cell.split(";")
    if not all(p.isdigit() for p in parts):
        return cell
    return "; ".join(f"{int(p):,}" for p in parts)


def about_section(graph: Graph) -> str:
    """Licence, version and a citation, as HTML."""
    v = esc(version(graph))
    return (
        "<h2>Licence, version and citation</h2>\n"
        f'<p>Version {v}. Licence: <a href="{esc(LICENSE)}">{LICENSE_NAME}</a>; every value '
        "cites its sources, which keep their own terms.</p>\n"
        '<p>Cite this release as:</p>\n<blockquote class="cite">nkkg contributors. '
        f"<cite>{esc(TITLE)}</cite>, version {v}. "
        f'<a href="{esc(DATASET)}">{esc(DATASET)}</a>. Licence {LICENSE_NAME}.</blockquote>'
    )


def dataset_jsonld(graph: Graph, files: Mapping[str, bytes], release_url: str) -> str:
    """schema.org Dataset markup (https://schema.org/Dataset) for the index's head."""
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": DATASET,
        "name": TITLE,
        "description": DESCRIPTION,
        "url": release_url + "site/index.html",
        "version": version(graph),
        "license": str(LICENSE),
        "keywords": list(KEYWORDS),
        "creator": {"@type": "Organization", "name": "nkkg contributors", "url": str(PUBLISHER)},
        "spatialCoverage": {"@type": "Place", "name": "North Korea"},
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": media_type(name),
                "contentUrl": release_url + name,
            }
            for name in sorted(files)
            if "/" not in name
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'
