"""Bug 2 (issue 8): times are entered and shown in the workspace's time zone, or the user's own.

Stored times stay UTC; the activity form reads local time, and every page shows local
times, formatted for the reader's language with Babel, as are dates and money.
"""
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from flask import render_template_string
from sqlalchemy import select, update

from crm_platform.i18n.formatting import format_money
from crm_platform.models import Activity, AuditEntry, Customer, Job
from crm_platform.sdk import format_date

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
UTC = timezone.utc


def visible(response):
    """The page's text without tags, on one line."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def shanghai(world, api_client):
    """Acme's workspace runs on China time."""
    response = api_client("acme", "admin").patch("/api/v1/workspace", json={"timezone": "Asia/Shanghai"})
    assert response.status_code == 200


def test_an_activity_entered_in_local_time_is_stored_in_utc_and_shown_back_local(
        world, shanghai, page_client, api_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    customer_id = world.acme.customers["n1_alpha"].id
    detail = rep.get(f"/customers/{customer_id}", headers=EN)
    assert "When (Asia/Shanghai)" in visible(detail) and "When (UTC)" not in visible(detail)
    logged = rep.post(f"/customers/{customer_id}/activities", headers=EN, data={
        "kind": "visit", "occurred_at": "2026-12-02T09:47", "subject": "Plant tour"})
    assert logged.status_code == 302
    with tenant_session("acme") as session:
        stored = session.scalar(select(Activity).where(Activity.subject == "Plant tour"))
        assert stored.occurred_at == datetime(2026, 12, 2, 1, 47, tzinfo=UTC)
    items = api_client("acme", "rep_n1").get(f"/api/v1/customers/{customer_id}/activities").get_json()["items"]
    assert "2026-12-02T01:47:00+00:00" in [item["occurred_at"] for item in items]
    text = visible(rep.get(f"/customers/{customer_id}", headers=EN))
    assert "12/2/26, 9:47" in text and "1:47" not in text


def test_the_users_own_time_zone_wins_over_the_workspaces(world, shanghai, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    customer_id = world.acme.customers["n1_alpha"].id
    saved = rep.post("/account/preferences", data={"locale": "", "timezone": "America/New_York"})
    assert saved.status_code == 302
    rep.post(f"/customers/{customer_id}/activities", data={
        "kind": "call", "occurred_at": "2026-12-01T20:47", "subject": "Evening call"})
    with tenant_session("acme") as session:
        stored = session.scalar(select(Activity).where(Activity.subject == "Evening call"))
        assert stored.occurred_at == datetime(2026, 12, 2, 1, 47, tzinfo=UTC)
    text = visible(rep.get(f"/customers/{customer_id}", headers=EN))
    assert "When (America/New_York)" in text and "12/1/26, 8:47" in text
    # Another user of the workspace sees the same moment in China time.
    manager = visible(page_client("acme", "manager_north").get(f"/customers/{customer_id}", headers=EN))
    assert "12/2/26, 9:47" in manager


def test_an_unknown_time_zone_preference_is_a_field_error(world, page_client):
    response = page_client("acme", "rep_n1").post("/account/preferences", headers=ZH,
                                                  data={"locale": "", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "未知的时区" in visible(response)


def test_created_and_changed_times_are_local(world, shanghai, page_client, tenant_session):
    customer_id = world.acme.customers["n1_alpha"].id
    with tenant_session("acme") as session:
        moment = datetime(2026, 6, 1, 23, 10, tzinfo=UTC)
        session.execute(update(Customer).where(Customer.id == customer_id)
                        .values(created_at=moment, updated_at=moment))
        session.commit()
    text = visible(page_client("acme", "rep_n1").get(f"/customers/{customer_id}", headers=EN))
    assert text.count("6/2/26, 7:10") == 2 and "6/1/26" not in text


def test_the_jobs_and_audit_pages_show_local_times(world, shanghai, page_client, tenant_session):
    moment = datetime(2026, 3, 1, 23, 5, tzinfo=UTC)
    with tenant_session("acme") as session:
        # The admin's self-test job, and the audit entry of the time zone change.
        session.execute(update(Job).values(created_at=moment))
        session.execute(update(AuditEntry).values(created_at=moment))
        session.commit()
    admin = page_client("acme", "admin")
    assert "3/2/26, 7:05" in visible(admin.get("/jobs/", headers=EN))
    assert "3/2/26, 7:05" in visible(admin.get("/audit/", headers=EN))


def test_chinese_readers_get_chinese_date_and_time_formats(world, shanghai, api_client, page_client):
    api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"})
    rep = page_client("acme", "rep_n1")
    customer_id = world.acme.customers["n1_alpha"].id
    rep.post(f"/customers/{customer_id}/activities", data={
        "kind": "visit", "occurred_at": "2026-12-02T09:47", "subject": "拜访工厂"})
    text = visible(rep.get(f"/customers/{customer_id}"))
    assert "时间（Asia/Shanghai）" in text and "2026/12/2 09:47" in text


def test_the_today_page_shows_the_local_date_in_the_readers_language(world, shanghai, api_client, page_client):
    api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"})
    page = page_client("acme", "admin").get("/today/")
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">\d{4}年\d{1,2}月\d{1,2}日</time>", page.get_data(as_text=True))


def test_money_and_dates_follow_the_readers_locale(app, world, api_client):
    with app.test_request_context(headers=ZH):
        assert format_money(Decimal("1234.5")) == "¥1,234.50"
        assert format_date(date(2026, 12, 2), "long") == "2026年12月2日"
        assert render_template_string("{{ amount|money }}", amount=Decimal("99")) == "¥99.00"
        assert format_money(Decimal("5"), "USD") == "US$5.00"
        assert format_money(None) == ""
        with pytest.raises(TypeError):
            format_money(1234.5)
    with app.test_request_context(headers=EN):
        assert format_money(Decimal("1234.5")) == "CN¥1,234.50"
        assert format_date(date(2026, 12, 2), "long") == "December 2, 2026"


def test_money_is_shown_in_the_workspace_currency(app, world, api_client):
    api_client("acme", "admin").patch("/api/v1/workspace", json={"currency": "EUR"})
    token = world.acme.tokens["rep_n1"].secret
    with app.test_request_context(headers={"Authorization": f"Bearer {token}", **EN}):
        assert format_money(Decimal("1234.5")) == "€1,234.50"
