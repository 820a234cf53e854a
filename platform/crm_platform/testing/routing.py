"""Pytest plugin: every statement the product sends to a tenant table must carry `tenant_id = <value>`.

Enable it next to the kit::

    pytest_plugins = ["crm_platform.testing", "crm_platform.testing.routing"]

A listener on every SQLAlchemy Engine judges each statement as sent (the rule is
in `routing_rule`). Not judged:

- statements inside `tenancy.unscoped(reason)`, the one audited escape hatch
  (sign-in and token look-ups, signup, the schedule tick, operator work);
- statements that are not the product's: those whose innermost frame in this
  repository is a test (`tests/`), the test kit (`crm_platform/testing/`: the
  world's copy, emptying tables, `create_all`) or a migration (`migrations/`).

The run fails at its end when any statement broke the rule, listing each one
with where it was sent from and the tests that sent it.
"""
import logging
import os
import sys
from collections import defaultdict

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from crm_platform.tenancy import is_unscoped
from crm_platform.testing.routing_rule import unrouted_tables

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
_PRODUCT = tuple(os.path.join(_ROOT, part) + os.sep for part in ("platform", "plugins", "tenants"))
_NOT_PRODUCT = (
    os.path.join(_ROOT, "tests") + os.sep,
    os.path.dirname(os.path.abspath(__file__)) + os.sep,
)


class RoutingAudit:
    """The statements seen breaking the rule: {(sql, tables, sender): [test ids]}."""

    def __init__(self):
        self.current_test = "(outside any test)"
        self.offences = defaultdict(list)
        self._verdicts = {}
        self._tenant_tables = (0, frozenset())

    def judge(self, conn, cursor, statement, parameters, context, executemany):
        """Engine listener (before_cursor_execute): record a product statement that breaks the rule."""
        if is_unscoped():
            return
        dialect = conn.dialect.name
        tables = self._verdict(statement, dialect)
        if not tables:
            return
        sender = product_sender()
        if sender is None:
            return
        tests = self.offences[(statement, tables, sender)]
        if self.current_test not in tests:
            tests.append(self.current_test)

    def _verdict(self, statement, dialect):
        """The rule's answer for one SQL text, computed once (placeholders make texts repeat)."""
        tenant_tables = self._tenant_table_names()
        key = (statement, dialect, tenant_tables)
        if key not in self._verdicts:
            self._verdicts[key] = ", ".join(sorted(set(unrouted_tables(statement, dialect, tenant_tables))))
        return self._verdicts[key]

    def _tenant_table_names(self):
        """Tables with a `tenant_id` column, read again when plugins add tables."""
        from crm_platform.extensions import metadata

        if self._tenant_tables[0] != len(metadata.tables):
            names = frozenset(t.name for t in metadata.tables.values() if "tenant_id" in t.c)
            self._tenant_tables = (len(metadata.tables), names)
        return self._tenant_tables[1]

    def report(self):
        """The offences as lines of text, one block per statement."""
        lines = []
        for (statement, tables, sender), tests in sorted(self.offences.items(), key=lambda item: item[0][2]):
            shown = ", ".join(tests[:3]) + (f" and {len(tests) - 3} more" if len(tests) > 3 else "")
            lines += [f"{sender}: {tables} without tenant_id = <value>", f"    {statement}", f"    sent by {shown}"]
        return lines


def product_sender():
    """`file:line` of the innermost product frame sending this statement, or None if a test, the kit or a migration sent it."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if filename.startswith(_NOT_PRODUCT) or (filename.startswith(_PRODUCT) and "migrations" in filename):
            return None
        if filename.startswith(_PRODUCT):
            return f"{os.path.relpath(filename, _ROOT)}:{frame.f_lineno}"
        frame = frame.f_back
    return None


_audit = RoutingAudit()


def pytest_configure(config):
    """Listen to every Engine for the whole run."""
    # sqlglot warns on each statement it keeps as a bare command (SAVEPOINT, PRAGMA).
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    if not event.contains(Engine, "before_cursor_execute", _audit.judge):
        event.listen(Engine, "before_cursor_execute", _audit.judge)


def pytest_unconfigure(config):
    """Stop listening."""
    if event.contains(Engine, "before_cursor_execute", _audit.judge):
        event.remove(Engine, "before_cursor_execute", _audit.judge)


def pytest_runtest_logstart(nodeid, location):
    """Statements from now on are this test's (its fixtures' included)."""
    _audit.current_test = nodeid


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Fail the run if any product statement reached a tenant table without its tenant."""
    if _audit.offences and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    """List each statement that broke the rule, with its sender and the tests that sent it."""
    if not _audit.offences:
        return
    terminalreporter.section("tenant routing", sep="=", red=True, bold=True)
    terminalreporter.line(f"{len(_audit.offences)} statements reach a tenant table without tenant_id = <value> "
                          "(docs/architecture.md, Routing by tenant):", red=True)
    for line in _audit.report():
        terminalreporter.line(line)
