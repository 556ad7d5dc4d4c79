"""The application layer every front door shares (the CLI, the Prefect flows, the web page).

Set-up from paths, URLs and the environment (:mod:`cycles.app.setup`), input parsing
(:mod:`cycles.app.inputs`) and the use cases as plain functions: :mod:`~cycles.app.records`
(submit, waive, defer, record an event, history), :mod:`~cycles.app.scanning` (scan and
plan), :mod:`~cycles.app.status` and :mod:`~cycles.app.compliance`. It imports neither click
nor prefect; its errors (:mod:`cycles.app.errors`) name fields in people's words and each
door translates them.
"""
