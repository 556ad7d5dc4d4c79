"""Jinja2 templates of the notification messages (a package so that they ship as package data).

``_phrases.j2`` holds the shared wording (labels, lateness, intro, what is asked of each
recipient); ``subject.txt.j2``, ``body.txt.j2`` and ``body.html.j2`` lay it out, and
:mod:`cycles.notify.teams_card` builds the Adaptive Card from the same phrases. Rendered by
:func:`cycles.notify.message.render`. ``report.html.j2`` is the compliance report
(:func:`cycles.compliance.to_html`).
"""
