"""Signed action links: a token in a URL that lets one recipient act on one occurrence.

Pure Python (no web framework): :mod:`cycles.links.tokens` signs and checks tokens,
:mod:`cycles.links.keys` keeps the signing key, :mod:`cycles.links.maker` builds the URLs
the runner puts into messages.
"""
