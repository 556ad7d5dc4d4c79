"""Notifications: one seam (:class:`~cycles.notify.seam.Notifier`), two implementations.

* :mod:`cycles.notify.apprise_notifier` sends through Apprise (email, Teams workflows, ...);
* :mod:`cycles.notify.fake` records messages in memory, for tests and ``--dry-run``.

:mod:`cycles.notify.message` renders what is owed into a message (Jinja2 templates in
``cycles/templates/``); :mod:`cycles.notify.mailsink` is the local SMTP sink of the demo.
"""
