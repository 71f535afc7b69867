"""`nkkg serve`: the validated graph on a local Oxigraph server, behind a guarded front door.

Above both kg.sparql (the guard reads SPARQL to refuse SERVICE) and kg.store
(the server, the load and its count check), so neither reaches up to it.
"""
