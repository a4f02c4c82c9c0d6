"""pytest plugin for the CI suites (scripts/tests.d): a skipped test fails the run, because a suite that skips in CI
is a failure. The jobs' conftest files skip engine tests on purpose outside their suite (the fast tier has no
PostgreSQL, Kafka or Cassandra); inside the suite that starts those engines a skip means a missing prerequisite.
Load with `-p pytest_no_skips` and scripts/lib on PYTHONPATH. Expected failures (xfail) are not skips."""

from __future__ import annotations

import pytest

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:
        _skipped.append(f"{report.nodeid}: skipped at collection: {report.longrepr}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        terminalreporter.write_line(f"error: {len(_skipped)} test(s) skipped in a CI suite (a skip here is a failure):", red=True)
        for line in _skipped:
            terminalreporter.write_line(f"  {line}", red=True)
