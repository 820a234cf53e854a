"""The daily pool job on fixed dates: who goes to which pool, who is warned on Today, and only once.

The world's customers each have one activity by their owner on 2026-01-05 10:00
UTC; every test here sets when they were assigned. Runs go through the real
job runner with a fixed local `today`, as the care reminder tests do.
"""
from datetime import date

import pytest
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.jobs.kinds import get_kind
from crm_platform.jobs.schedules import core_schedules
from crm_platform.models import AuditEntry, CustomerShare, PoolMove, Reminder
from crm_platform.pool.job import KIND
from crm_platform.tenancy import tenant_scope
from pool_support import assign_all, log, pool_run, pooled, set_workspace

EVERYONE = {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"}


def warnings(app, tenant):
    """The tenant's open pool warnings as {(customer key, user key, due date)}."""
    customers = {c.id: key for key, c in tenant.customers.items()}
    users = {u.id: key for key, u in tenant.users.items()}
    with app.app_context(), tenant_scope(tenant.id):
        rows = db.session.scalars(select(Reminder).where(Reminder.kind == "pool", Reminder.done_at.is_(None))).all()
        return {(customers[r.customer_id], users[r.user_id], r.due_date) for r in rows}


def test_the_kind_is_idempotent_and_scheduled_daily(app):
    assert get_kind(KIND).idempotent
    schedule = core_schedules()["customer_pool"]
    assert schedule.kind == KIND and schedule.every == "daily"


def test_with_the_rules_off_nothing_moves(app, world, tenant_session):
    assign_all(tenant_session, world.acme, "2020-01-01T00:00")

    result = pool_run(app, world.acme, "2026-06-01")

    assert result == {"today": "2026-06-01", "inactive": 0, "unsigned": 0, "checked": 0, "moved": 0, "warned": 0}
    assert pooled(app, world.acme) == {}


def test_inactive_customers_go_to_their_owners_unit_pool_on_day_n_and_are_warned_before(app, world, tenant_session):
    acme = world.acme
    assign_all(tenant_session, acme, "2026-01-01T00:00")
    set_workspace(tenant_session, acme, pool_inactive_days=30, pool_warning_days=3)
    log(tenant_session, acme, "n1_beta", "rep_n1", "2026-01-20T09:00")  # its owner called again: it stays
    log(tenant_session, acme, "n2", "manager_north", "2026-01-25T09:00")  # not its owner: does not count
    log(tenant_session, acme, "n1_alpha", "rep_n1", "2026-03-01T09:00")  # planned, not yet done: does not count

    assert pool_run(app, acme, "2026-01-31")["warned"] == 0  # Feb 4 is four days away
    first = pool_run(app, acme, "2026-02-01")
    assert first["moved"] == 0 and first["warned"] == 6
    # Each owner is warned, on their Today page, of the day the customer goes.
    assert warnings(app, acme) == {(key, acme.customers[key].owner, date(2026, 2, 4)) for key in EVERYONE - {"n1_beta"}}
    today = pool_run(app, acme, "2026-02-03")
    assert today["moved"] == 0 and today["warned"] == 0  # the same warnings, not again

    result = pool_run(app, acme, "2026-02-04")

    assert result["moved"] == 6
    assert pooled(app, acme) == {"n1_alpha": "north1", "n2": "north", "s1": "south", "s1_shared": "south",
                                 "north_mgr": "north", "house": "company"}
    assert warnings(app, acme) == set()  # gone with the customers
    with app.app_context(), tenant_scope(acme.id):
        moves = db.session.scalars(select(PoolMove)).all()
        assert {(m.move, m.reason, m.actor_id) for m in moves} == {("to_pool", "inactive", None)}
        assert {m.owner_id for m in moves} == {acme.users[acme.customers[k].owner].id for k in EVERYONE - {"n1_beta"}}
        # The owner change is in the audit trail, done by the workspace itself (no actor).
        audited = [e for e in db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer"))
                   if "owner_id" in e.changes]
        assert {e.entity_id for e in audited} == {acme.customers[k].id for k in EVERYONE - {"n1_beta"}}
        assert all(e.actor_id is None and e.changes["owner_id"][1] is None for e in audited)
        # Collaborators and open reminders (house's care reminder) went with the old owner.
        assert db.session.scalars(select(CustomerShare)).all() == []
        assert db.session.get(Reminder, acme.reminder_id) is None
    assert pool_run(app, acme, "2026-02-04")["moved"] == 0  # a second run moves nothing twice
    assert pool_run(app, acme, "2026-02-19")["moved"] == 1  # n1_beta, 30 days after Jan 20
    assert pooled(app, world.globex) == {}  # the other workspace's rules are its own (off)


def test_a_warning_disappears_once_the_owner_logs_an_activity(app, world, tenant_session, page_client):
    acme = world.acme
    assign_all(tenant_session, acme, "2026-01-01T00:00")
    set_workspace(tenant_session, acme, pool_inactive_days=30, pool_warning_days=5)
    pool_run(app, acme, "2026-02-01")
    assert ("n1_beta", "rep_n1", date(2026, 2, 4)) in warnings(app, acme)

    log(tenant_session, acme, "n1_beta", "rep_n1", "2026-02-01T12:00")
    pool_run(app, acme, "2026-02-02")

    assert {w for w in warnings(app, acme) if w[0] == "n1_beta"} == set()
    assert ("n1_alpha", "rep_n1", date(2026, 2, 4)) in warnings(app, acme)
    # The owner sees it on Today (overdue by now: the test runs later than 2026).
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "Goes to the pool unless you log an activity" in page and "Alpha Trading" in page
    assert "Alpha Trading" not in page_client("acme", "rep_n2").get("/today/").get_data(as_text=True)


def test_customers_not_signed_within_m_days_go_to_the_company_pool(app, world, tenant_session):
    acme = world.acme
    assign_all(tenant_session, acme, "2026-01-01T00:00")
    set_workspace(tenant_session, acme, pool_unsigned_days=10, pool_scope="company", pool_warning_days=0)

    assert pool_run(app, acme, "2026-01-10")["moved"] == 0
    result = pool_run(app, acme, "2026-01-11")

    assert result["moved"] == 4 and result["warned"] == 0
    # Signed customers stay; the others go to the one company pool.
    assert pooled(app, acme) == {"n1_beta": None, "n2": None, "s1_shared": None, "north_mgr": None}
    with app.app_context(), tenant_scope(acme.id):
        assert {m.reason for m in db.session.scalars(select(PoolMove))} == {"unsigned"}


def test_dates_are_the_workspaces_local_dates(app, world, tenant_session):
    acme = world.acme
    # 17:00 UTC on Jan 1 is already Jan 2 in Shanghai: day 10 is Jan 12 there.
    assign_all(tenant_session, acme, "2026-01-01T17:00")
    set_workspace(tenant_session, acme, pool_unsigned_days=10, timezone="Asia/Shanghai")

    assert pool_run(app, acme, "2026-01-11")["moved"] == 0
    assert pool_run(app, acme, "2026-01-12")["moved"] == 4


def test_the_earlier_rule_wins(app, world, tenant_session):
    acme = world.acme
    assign_all(tenant_session, acme, "2026-01-01T00:00")
    set_workspace(tenant_session, acme, pool_unsigned_days=60, pool_inactive_days=20)

    assert pool_run(app, acme, "2026-01-25")["moved"] == 7  # Jan 5 + 20 comes before Jan 1 + 60
    with app.app_context(), tenant_scope(acme.id):
        assert {m.reason for m in db.session.scalars(select(PoolMove))} == {"inactive"}


@pytest.mark.parametrize("body, field", [
    ({"pool_inactive_days": -1}, "pool_inactive_days"), ({"pool_unsigned_days": 1.5}, "pool_unsigned_days"),
    ({"pool_scope": "region"}, "pool_scope"), ({"pool_claim_limit": 1001}, "pool_claim_limit"),
    ({"pool_warning_days": "3"}, "pool_warning_days"),
])
def test_bad_pool_settings_are_field_errors(api_client, body, field):
    response = api_client("acme", "admin").patch("/api/v1/workspace", json=body)

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_admins_set_the_pool_rules_through_the_api_and_the_settings_page(world, api_client, page_client):
    assert api_client("acme", "rep_n1").patch("/api/v1/workspace", json={"pool_inactive_days": 3}).status_code == 403
    response = api_client("acme", "admin").patch("/api/v1/workspace", json={"pool_inactive_days": 30,
                                                                          "pool_scope": "company"})
    assert response.status_code == 200
    assert response.get_json()["pool_inactive_days"] == 30 and response.get_json()["pool_scope"] == "company"

    admin = page_client("acme", "admin")
    assert 'name="pool_unsigned_days"' in admin.get("/admin/workspace/").get_data(as_text=True)
    saved = admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "UTC", "care_reminder_days": "7",
                                                  "pool_unsigned_days": "45", "pool_scope": "unit"})
    assert saved.status_code == 302
    values = api_client("acme", "rep_n1").get("/api/v1/workspace").get_json()
    assert (values["pool_unsigned_days"], values["pool_scope"], values["pool_inactive_days"]) == (45, "unit", 30)
    refused = admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "UTC", "care_reminder_days": "7",
                                                    "pool_unsigned_days": "-4"})
    assert refused.status_code == 422 and 'id="pool_unsigned_days-error"' in refused.get_data(as_text=True)
