"""Jinja2 templates of the notification messages (a package so that they ship as package data).

``_phrases.j2`` holds the shared wording (labels, lateness, intro); ``subject.txt.j2``,
``body.txt.j2`` and ``body.html.j2`` lay it out. Rendered by :func:`cycles.notify.message.render`.
"""
