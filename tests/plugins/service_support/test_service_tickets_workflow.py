"""The status workflow: every allowed and refused move, the dates each sets, reopening within the window."""
from datetime import timedelta

import pytest
from service_kit import make_ticket

from crm_platform.sdk import utcnow
from plugins.service_support.models import Ticket, TicketEvent
from plugins.service_support.tickets.workflow import STATUS_LABELS, TRANSITIONS

ALLOWED = {("new", "open"), ("new", "pending"), ("new", "resolved"), ("new", "closed"), ("open", "pending"),
           ("open", "resolved"), ("open", "closed"), ("pending", "open"), ("pending", "resolved"),
           ("pending", "closed"), ("resolved", "open"), ("resolved", "closed"), ("closed", "open")}
EVERY = [(old, new) for old in STATUS_LABELS for new in STATUS_LABELS]


def status_url(ticket_id):
    return f"/api/v1/service/tickets/{ticket_id}/status"


def test_the_table_is_the_documented_workflow():
    assert {(old, new) for old, targets in TRANSITIONS.items() for new in targets} == ALLOWED


@pytest.mark.parametrize("old, new", EVERY)
def test_each_move_is_allowed_or_refused_with_a_reason(service, tenant_session, api_client, old, new):
    resolved = utcnow() - timedelta(days=1) if old in ("resolved", "closed") else None
    ticket_id = make_ticket(service, tenant_session, status=old, resolved_at=resolved)
    answer = api_client("acme", "rep_n1").post(status_url(ticket_id), json={"status": new})
    if (old, new) in ALLOWED:
        assert answer.status_code == 200, answer.json
        assert answer.json["status"] == new
    else:
        assert answer.status_code == 409, answer.json
        assert answer.json["error"]["message"]
        with tenant_session("acme") as session:
            assert session.get(Ticket, ticket_id).status == old


def test_resolving_and_closing_set_their_dates_and_the_timeline(service, tenant_session, api_client):
    rep = api_client("acme", "rep_n1")
    ticket_id = make_ticket(service, tenant_session, status="open")
    resolved = rep.post(status_url(ticket_id), json={"status": "resolved"}).json
    assert resolved["resolved_at"] and resolved["closed_at"] is None
    closed = rep.post(status_url(ticket_id), json={"status": "closed"}).json
    assert closed["closed_at"] and closed["resolved_at"] == resolved["resolved_at"]
    with tenant_session("acme") as session:
        kinds = [(e.kind, e.detail["new"]) for e in session.query(TicketEvent).filter_by(ticket_id=ticket_id)
                 .order_by(TicketEvent.created_at) if e.kind == "status_changed"]  # other features add theirs
    assert kinds == [("status_changed", "resolved"), ("status_changed", "closed")]


def test_reopen_within_the_window_counts_and_clears_the_resolution(service, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session, status="closed", resolved_at=utcnow() - timedelta(days=6),
                            closed_at=utcnow() - timedelta(days=3))
    reopened = api_client("acme", "rep_n1").post(status_url(ticket_id), json={"status": "open"}).json
    assert reopened["status"] == "open" and reopened["reopen_count"] == 1
    assert reopened["resolved_at"] is None and reopened["closed_at"] is None
    with tenant_session("acme") as session:
        assert [e.kind for e in session.query(TicketEvent).filter_by(ticket_id=ticket_id, kind="reopened")] == [
            "reopened"]


def test_reopen_past_the_window_is_refused(service, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session, status="resolved", resolved_at=utcnow() - timedelta(days=8))
    answer = api_client("acme", "rep_n1").post(status_url(ticket_id), json={"status": "open"})
    assert answer.status_code == 409 and "7 days" in answer.json["error"]["message"]


def test_the_window_is_a_setting_and_zero_never_reopens(service, enable_plugin, tenant_session, api_client):
    enable_plugin("acme", "service_support", settings={"reopen_days": 30})
    late = make_ticket(service, tenant_session, status="resolved", resolved_at=utcnow() - timedelta(days=20))
    assert api_client("acme", "rep_n1").post(status_url(late), json={"status": "open"}).status_code == 200
    enable_plugin("acme", "service_support", settings={"reopen_days": 0})
    fresh = make_ticket(service, tenant_session, status="resolved", resolved_at=utcnow())
    answer = api_client("acme", "rep_n1").post(status_url(fresh), json={"status": "open"})
    assert answer.status_code == 409 and "does not reopen" in answer.json["error"]["message"]


def test_the_signals_carry_the_move(service, tenant_session, api_client):
    from plugins.service_support import events

    heard = []

    def listen(ticket, **kwargs):
        heard.append((kwargs["old"], kwargs["new"], kwargs["actor"].id))

    ticket_id = make_ticket(service, tenant_session, status="open")
    with events.ticket_status_changed.connected_to(listen):
        api_client("acme", "rep_n1").post(status_url(ticket_id), json={"status": "pending"})
    assert heard == [("open", "pending", service.acme.users["rep_n1"].id)]
