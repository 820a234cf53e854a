"""The tenant-routing listener (crm_platform.testing.routing): what it records, what it lets by, and the failing run."""
import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

import crm_platform.models  # noqa: F401 (the tables the audit knows as tenant tables)
from crm_platform.testing import routing
from crm_platform.testing.routing import RoutingAudit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNPINNED = "SELECT customers.name FROM customers WHERE customers.id = 1"
PINNED = "SELECT customers.name FROM customers WHERE customers.id = 1 AND customers.tenant_id = 7"


@pytest.fixture
def audited():
    """(audit, engine): an in-memory database with a `customers` table, judged by a fresh audit only.

    The run's own audit stops listening meanwhile: these offences are planted.
    """
    event.remove(Engine, "before_cursor_execute", routing._audit.judge)
    try:
        engine = customers_database()
        audit = RoutingAudit()
        audit.current_test = "the test"
        event.listen(engine, "before_cursor_execute", audit.judge)
        yield audit, engine
        engine.dispose()
    finally:
        event.listen(Engine, "before_cursor_execute", routing._audit.judge)


def customers_database():
    """An in-memory SQLite engine with a bare `customers` table."""
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER, tenant_id INTEGER, name TEXT)"))
    return engine


def send_from(path, engine, sql):
    """Send `sql` on `engine` from code that lives (as far as frames tell) in `path` of the repository."""
    source = "def send(engine, sql):\n    with engine.connect() as conn:\n        conn.execute(text(sql))\n"
    names = {"text": text}
    exec(compile(source, os.path.join(ROOT, path), "exec"), names)
    names["send"](engine, sql)


def test_a_product_statement_without_its_tenant_is_recorded_with_sender_and_test(audited):
    audit, engine = audited
    send_from("platform/crm_platform/customers/fake.py", engine, UNPINNED)
    send_from("plugins/sales_automation/fake.py", engine, PINNED)
    assert list(audit.offences) == [(UNPINNED, "customers", "platform/crm_platform/customers/fake.py:3")]
    assert audit.offences[(UNPINNED, "customers", "platform/crm_platform/customers/fake.py:3")] == ["the test"]
    assert "    sent by the test" in audit.report()


@pytest.mark.parametrize("path", [
    "tests/core/fake_test.py",
    "platform/crm_platform/testing/fake_kit.py",
    "platform/crm_platform/migrations/versions/fake_0001.py",
    "plugins/sales_automation/migrations/versions/fake_0001.py",
])
def test_tests_the_kit_and_migrations_are_not_product_traffic(audited, path):
    audit, engine = audited
    send_from(path, engine, UNPINNED)
    assert audit.offences == {}


def test_the_escape_hatch_is_allowed(audited):
    from crm_platform.tenancy import unscoped

    audit, engine = audited
    with unscoped("the audited escape hatch, in a test"):
        send_from("tenants/fake.py", engine, UNPINNED)
    assert audit.offences == {}


def test_the_run_fails_and_lists_the_statement(tmp_path):
    (tmp_path / "test_sends.py").write_text(textwrap.dedent(f"""
        from core.test_tenant_routing_listener import customers_database, send_from

        def test_sends():
            send_from("platform/crm_platform/fake.py", customers_database(), {UNPINNED!r})
    """))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.join(ROOT, "tests"), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "crm_platform.testing.routing", "-p", "no:cacheprovider",
         "-q", str(tmp_path / "test_sends.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "platform/crm_platform/fake.py:3: customers without tenant_id = <value>" in result.stdout
    assert f"    {UNPINNED}" in result.stdout
    assert "sent by test_sends.py::test_sends" in result.stdout


def test_the_listener_is_on_for_this_suite():
    assert event.contains(Engine, "before_cursor_execute", routing._audit.judge)
