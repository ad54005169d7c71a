"""Balheon's data files: word lists (lexicons/*.tsv), sample articles (samples/), icons (icons/*.svg)
and the viewer's style sheet (style.qss).

This folder is installed as the package `balheon_resources` (pyproject.toml maps the name to it), so the
files travel with the code into a wheel, a virtual environment or a cluster worker. Code finds them
through `attribution.resources.resource_path`, never by a path relative to the source tree.
"""
