"""The Prefect flows: the scheduler and the window onto the system, not its record.

* :mod:`flows.reminder_scan`: ``reminder-scan``, the daily scan (queue, deliver, publish);
* :mod:`flows.record_submission`: ``record-submission``, a submission from the UI's run form;
* :mod:`flows.compliance_report`: ``compliance-report``, the yearly on-time evidence.

Flow bodies only wire: the decisions live in :mod:`cycles` and :mod:`storage`, and
:mod:`flows.wiring` turns the environment (``CYCLES_DATABASE_URL``,
``CYCLES_APPRISE_CONFIG``, ``CYCLES_CATALOGUE``, ``CYCLES_REPORTS_DIR``, ``CYCLES_BASE_URL``)
into the objects they need: the run forms (:mod:`flows.choices`) ask people only about the
work, never where things are. Nothing outside ``flows/`` and
``cycles/commands_serve.py`` imports prefect.
"""
