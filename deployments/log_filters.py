"""Logging filters named in ``deployments/logging.yml``: what a person reads in a run's logs.

* :class:`OneLineRefusals` (on ``prefect.flow_runs``): when a flow *returns*
  ``Failed(message=reason)`` (a refusal: a bad period, an unknown area, a route that would
  not take a message), Prefect's engine still logs "Engine execution exited with unexpected
  exception" with the ``FailedRun`` traceback under it. The filter turns that record into
  ``Run failed: <reason>`` without the traceback. Any other exception (a real crash) keeps
  its traceback.
* :class:`InAFlowRun` (on the handler that sends ``cycles`` lines to the API): passes a
  record only inside a flow or task run, so our INFO lines reach the run's logs and a
  process outside a run (a test, a worker between runs) is not warned about them.

Imports nothing from prefect at module level: ``logging.yml`` is loaded while prefect starts.
"""

from __future__ import annotations

import logging

ENGINE_EXIT = "Engine execution exited with unexpected exception"


def _is_refusal(exc: BaseException | None) -> bool:
    """Prefect's ``FailedRun``: the wrapper for a Failed state with only a message."""
    cls = type(exc)
    return exc is not None and cls.__name__ == "FailedRun" and cls.__module__ == (
        "prefect.exceptions")


class OneLineRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage() == ENGINE_EXIT:
            exc = record.exc_info[1]
            if _is_refusal(exc):
                record.msg, record.args = "Run failed: %s", (str(exc),)
                record.exc_info, record.exc_text = None, None
        return True


class InAFlowRun(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "flow_run_id", None) or getattr(record, "task_run_id", None):
            return True
        try:
            from prefect.context import FlowRunContext, TaskRunContext
        except ImportError:  # pragma: no cover (prefect is what loads this file)
            return False
        return FlowRunContext.get() is not None or TaskRunContext.get() is not None
