"""Notifications: one seam (:class:`~cycles.notify.seam.Notifier`), two implementations.

* :mod:`cycles.notify.apprise_notifier` sends through Apprise (email, Teams workflows, ...),
  with :mod:`~cycles.notify.apprise_config` (loading the config, ``${VAR}`` secrets),
  :mod:`~cycles.notify.routes` (route ids and kinds), :mod:`~cycles.notify.secrets`
  (scrubbing) and :mod:`~cycles.notify.apprise_logs` (Apprise's log records as reasons);
* :mod:`cycles.notify.fake` records messages in memory, for tests and ``--dry-run``.

:mod:`cycles.notify.message` renders what is owed into a message (Jinja2 templates in
``cycles/templates/``; :mod:`~cycles.notify.teams_card` builds the Adaptive Card);
:mod:`cycles.notify.mailsink` is the local SMTP sink of the demo.
"""
