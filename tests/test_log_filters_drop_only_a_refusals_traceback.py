"""deployments/log_filters.py: a refused run (a flow that returned Failed with its reason)
logs that reason without Prefect's FailedRun traceback; a real crash keeps its traceback.
The end-to-end check against a real server is in test_prefect_ui_speaks_to_people.py."""

from __future__ import annotations

import logging

import pytest

from deployments.log_filters import ENGINE_EXIT, InAFlowRun, OneLineRefusals


def engine_exit(exc: BaseException) -> list[str]:
    """What a handler writes when Prefect's engine logs ``exc`` as it exits."""
    logger = logging.getLogger(f"test.refusals.{id(exc)}")
    logger.propagate = False
    logger.addFilter(OneLineRefusals())
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    logger.addHandler(Keep())
    try:
        raise exc
    except BaseException:
        logger.error(ENGINE_EXIT, exc_info=True)
    return lines


def test_a_refusal_is_its_one_line() -> None:
    from prefect.exceptions import FailedRun

    [line] = engine_exit(FailedRun("medway.x: period: no period '2026-27 H3'"))
    assert line == "Run failed: medway.x: period: no period '2026-27 H3'"


@pytest.mark.parametrize("exc", [ValueError("boom"), KeyError("gone")])
def test_a_crash_keeps_its_traceback(exc: BaseException) -> None:
    [text] = engine_exit(exc)
    assert text.startswith(ENGINE_EXIT + "\nTraceback (most recent call last):")


def test_our_lines_go_to_the_api_only_inside_a_run() -> None:
    record = logging.LogRecord("cycles.runner", logging.INFO, __file__, 1, "sent", (), None)
    assert InAFlowRun().filter(record) is False
    record.flow_run_id = "0b7c4a36-2f7e-4c39-9d4e-5d1c0b0e8f11"
    assert InAFlowRun().filter(record) is True
