"""A search box for the index that works offline: every entity's names in every script,
embedded in the page as JSON, filtered by a few lines of script as the reader types.

No request is made: the index is in the page. `index.html?q=TEXT` opens with TEXT
searched, so a link (or a test in a headless browser) can show the results.
"""

from __future__ import annotations

import json

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.publish.site.iris import is_entity
from kg.views import Views, english, slug

# Matching ignores case, accents and apostrophes: "pyongan" finds P'yŏngan-namdo.
SCRIPT = """
(function () {
  var index = JSON.parse(document.getElementById("search-index").textContent);
  var box = document.getElementById("search");
  var list = document.getElementById("search-results");
  function fold(s) {
    return s.normalize("NFKD").replace(/[\\u0300-\\u036f'\\u2019\\u02bc-]/g, "").toLowerCase();
  }
  function show() {
    var q = fold(box.value.trim());
    list.textContent = "";
    if (!q) { return; }
    index.forEach(function (e) {
      var hit = e.names.filter(function (n) { return fold(n).indexOf(q) >= 0; });
      if (!hit.length) { return; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "id/" + e.slug + ".html";
      a.textContent = e.names[0];
      li.appendChild(a);
      if (hit[0] !== e.names[0]) { li.appendChild(document.createTextNode(" (" + hit[0] + ")")); }
      list.appendChild(li);
    });
    if (!list.children.length) { list.textContent = "No entity has that name."; }
  }
  box.addEventListener("input", show);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { box.value = q; show(); }
})();
"""


def search_index(graph: Graph, base: str, *, views: Views | None = None) -> list[dict[str, object]]:
    """Every entity with its names: the English label first, then the others, sorted."""
    views = views or Views.of(graph, base)
    found: list[dict[str, object]] = []
    for subject in views.subjects():
        if not isinstance(subject, URIRef) or not is_entity(graph, subject, base):
            continue
        names = views.names(subject, RDFS.label, SKOS.altLabel)
        first = english(names)
        title = [] if first is None else [first]
        others = sorted({text for text, _tag in names} - set(title))
        found.append({"slug": slug(subject, base), "names": title + others})
    return found


def search_section(graph: Graph, base: str, *, views: Views | None = None) -> str:
    index = search_index(graph, base, views=views)
    data = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<h2>Search</h2>\n"
        '<p><label for="search">Find a place by any of its names (English, Hangul, Hanja, '
        'romanized): </label><input id="search" type="search" autocomplete="off"></p>\n'
        '<ul id="search-results" aria-live="polite"></ul>\n'
        f'<script type="application/json" id="search-index">{data}</script>\n'
        f"<script>{SCRIPT}</script>"
    )
