"""Triplestores: HTTP with retries, Graph Store uploads, a local Oxigraph server."""
