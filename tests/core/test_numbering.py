"""Per-workspace sequences and document numbers (crm_platform.numbering, exported by the SDK)."""
import threading
import time
from datetime import date

import flask_migrate
from sqlalchemy import inspect, select, text

from crm_platform.extensions import db
from crm_platform.models import Sequence
from crm_platform.opaque_ids import ID_MAX, ID_MIN
from crm_platform.sdk import document_number, next_sequence_value, workspace_today
from crm_platform.tenancy import tenant_scope
from test_migrations import migrated_app  # noqa: F401  (the fixture)


def test_values_are_consecutive_per_name(world, tenant_session):
    with tenant_session("acme") as session:
        assert [next_sequence_value("ticket-2026") for _ in range(3)] == [1, 2, 3]
        assert next_sequence_value("ticket-2027") == 1
        session.commit()
        assert next_sequence_value("ticket-2026") == 4
        session.commit()


def test_each_workspace_counts_on_its_own(world, tenant_session):
    with tenant_session("acme") as session:
        assert [next_sequence_value("ticket-2026") for _ in range(2)] == [1, 2]
        session.commit()
    with tenant_session("globex") as session:
        assert next_sequence_value("ticket-2026") == 1
        session.commit()
        assert session.scalars(select(Sequence.next_value)).all() == [2]
    with tenant_session("acme") as session:
        assert next_sequence_value("ticket-2026") == 3


def test_a_rolled_back_transaction_gives_its_number_back(world, tenant_session):
    with tenant_session("acme") as session:
        assert next_sequence_value("ticket-2026") == 1
        session.rollback()
        assert next_sequence_value("ticket-2026") == 1
        session.commit()
        assert next_sequence_value("ticket-2026") == 2
        session.rollback()
        assert next_sequence_value("ticket-2026") == 2


def test_document_numbers_carry_prefix_year_and_four_digits(world, tenant_session):
    with tenant_session("acme") as session:
        assert document_number("ticket", "GD", date(2026, 6, 1)) == "GD-2026-0001"
        assert document_number("ticket", "", date(2026, 6, 1)) == "2026-0002"
        assert document_number("ticket", "GD", date(2027, 1, 1)) == "GD-2027-0001"
        session.commit()


def test_document_numbers_default_to_the_workspace_year(world, tenant_session):
    with tenant_session("acme"):
        assert document_number("ticket", "GD") == f"GD-{workspace_today().year}-0001"


def test_the_first_use_under_concurrency_gives_distinct_values(world, app):
    """Two connections create the same new sequence: the second waits for the first (its row on PostgreSQL,
    the database's write lock on SQLite), then takes 2."""
    tenant_id = world.acme.id
    second, errors = [], []

    def take_second():
        try:
            with app.app_context(), tenant_scope(tenant_id):
                second.append(next_sequence_value("ticket-2031"))
                db.session.commit()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(repr(error))

    with app.app_context(), tenant_scope(tenant_id):
        assert next_sequence_value("ticket-2031") == 1  # inserted, not committed: the name's index entry is locked
        thread = threading.Thread(target=take_second)
        thread.start()
        _wait_for_a_lock_wait(db.engine.dialect.name, second)
        db.session.commit()
    thread.join(10)
    assert not errors
    assert second == [2]
    with app.app_context(), tenant_scope(tenant_id):
        assert db.session.scalars(select(Sequence.next_value).where(Sequence.name == "ticket-2031")).all() == [3]


def _wait_for_a_lock_wait(dialect, second, seconds=10):
    """Return once another connection waits for a lock (the second first use), so the race really overlaps."""
    if dialect == "sqlite":
        # SQLite cannot list waiting connections: give the second one time to reach the lock, and see it wait.
        time.sleep(0.5)
        assert second == [], "the second first use did not wait for the first one's transaction"
        return
    deadline = time.monotonic() + seconds
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity "
                                        "WHERE wait_event_type = 'Lock' AND datname = current_database()")).scalar()
            if waiting:
                return
            conn.rollback()
            time.sleep(0.02)
    raise AssertionError("the second connection never waited for the first one's row")


def test_sales_sequences_move_into_the_core_with_their_next_values(migrated_app):  # noqa: F811
    """sales_automation_0002 copies the module's sequences into `sequences`; its downgrade moves them back."""
    flask_migrate.downgrade(revision="sales_automation_0001")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO tenants (id, name, slug, settings, created_at) "
                          "VALUES (1, 't', 't', '{}', '2026-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO sales_automation_sequences (id, tenant_id, name, next_value) "
                          "VALUES (7, 1, 'contract-2026', 42)"))

    flask_migrate.upgrade(revision="heads")
    assert "sales_automation_sequences" not in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT id, tenant_id, name, next_value FROM sequences")).one()
    assert row[1:] == (1, "contract-2026", 42)
    assert ID_MIN <= row.id < ID_MAX
    with tenant_scope(1):
        assert document_number("contract", "HT", date(2026, 6, 1)) == "HT-2026-0042"
        assert next_sequence_value("ticket-2026") == 1
        db.session.commit()

    flask_migrate.downgrade(revision="sales_automation_0001")
    with db.engine.connect() as conn:
        back = conn.execute(text("SELECT tenant_id, name, next_value FROM sales_automation_sequences")).all()
        left = conn.execute(text("SELECT name, next_value FROM sequences")).all()
    assert [tuple(r) for r in back] == [(1, "contract-2026", 43)]
    assert [tuple(r) for r in left] == [("ticket-2026", 2)]
