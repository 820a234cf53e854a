"""The return visit pages: my list (overdue highlighted), the outcome form, Today, the customer panel, the ticket."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import Customer, User, workspace_today
from service_followups_support import add_follow_up, follow_ups
from service_kit import make_ticket

from plugins.service_support.followups import hooks
from plugins.service_support.models import Ticket


def today(tenant_session):
    with tenant_session("acme"):
        return workspace_today()


def test_my_return_visits_highlight_the_late_ones_and_managers_see_their_units(service, tenant_session,
                                                                                page_client):
    day = today(tenant_session)
    late = add_follow_up(tenant_session, service, day - timedelta(days=2))
    due = add_follow_up(tenant_session, service, day)
    other = add_follow_up(tenant_session, service, day, owner="rep_s1", customer="s1")
    page = page_client("acme", "rep_n1").get("/service/followups/").get_data(as_text=True)
    assert f'<tr id="follow-up-{late}" class="overdue">' in page and f'<tr id="follow-up-{due}">' in page
    assert f"follow-up-{other}" not in page and "Alpha Trading" in page
    manager = page_client("acme", "manager_north")
    assert "follow-up-" not in manager.get("/service/followups/").get_data(as_text=True)
    unit = manager.get("/service/followups/?scope=visible").get_data(as_text=True)
    assert f"follow-up-{late}" in unit and f"follow-up-{other}" not in unit
    assert page_client("acme", "rep_n1").get("/service/followups/?cursor=nonsense").status_code == 400


def test_the_outcome_form_records_it_and_logs_the_call(service, tenant_session, page_client):
    ticket = make_ticket(service, tenant_session)
    visit = add_follow_up(tenant_session, service, today(tenant_session), ticket_id=ticket)
    browser = page_client("acme", "rep_n1")
    form = browser.get(f"/service/followups/{visit}").get_data(as_text=True)
    assert 'id="follow-up-outcome"' in form and 'name="log_activity"' in form
    assert browser.post(f"/service/followups/{visit}", data={"result": ""}).status_code == 422
    done = browser.post(f"/service/followups/{visit}", data={"result": "unsatisfied", "kind": "call",
                                                             "outcome": "Still warm", "log_activity": "1"})
    assert done.status_code == 302
    shown = browser.get(done.headers["Location"]).get_data(as_text=True)
    assert "Outcome recorded and activity logged." in shown and "Unsatisfied" in shown
    assert 'id="follow-up-outcome"' not in shown
    assert follow_ups(tenant_session)[0].outcome == "Still warm"


def test_others_get_the_same_404_as_a_missing_one(service, tenant_session, page_client):
    visit = add_follow_up(tenant_session, service, today(tenant_session))
    rep = page_client("acme", "rep_s1")
    assert rep.get(f"/service/followups/{visit}").status_code == 404
    assert rep.post(f"/service/followups/{visit}", data={"result": "satisfied"}).status_code == 404
    assert follow_ups(tenant_session)[0].done_at is None


def test_today_shows_my_due_and_late_return_visits(service, tenant_session, page_client, app):
    day = today(tenant_session)
    late = add_follow_up(tenant_session, service, day - timedelta(days=1))
    due = add_follow_up(tenant_session, service, day)
    add_follow_up(tenant_session, service, day + timedelta(days=1))
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert f'<tr id="follow-up-{late}" class="overdue">' in page and f'<tr id="follow-up-{due}">' in page
    assert page.count('id="follow-up-') == 2
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == service.acme.users["rep_n1"].id))
        [section] = hooks.today_sections(rep, day)
        assert section.overdue == 1
        manager = session.scalar(select(User).where(User.id == service.acme.users["manager_north"].id))
        assert hooks.today_sections(manager, day) == []


def test_the_customer_panel_and_the_ticket_section(service, tenant_session, page_client, app):
    ticket = make_ticket(service, tenant_session)
    inquiry = make_ticket(service, tenant_session, category="inquiry")
    visit = add_follow_up(tenant_session, service, today(tenant_session), ticket_id=ticket)
    customer = service.acme.customers["n1_alpha"].id
    page = page_client("acme", "rep_n1").get(f"/customers/{customer}").get_data(as_text=True)
    assert 'id="customer-follow-ups"' in page and f"follow-up-{visit}" in page
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == service.acme.users["rep_n1"].id))
        row = session.scalar(select(Ticket).where(Ticket.id == ticket))
        [section] = hooks.ticket_sections(row, rep)
        assert f"/service/followups/{visit}" in section.html and "due" in section.html
        # An inquiry without return visits shows nothing.
        assert hooks.ticket_sections(session.scalar(select(Ticket).where(Ticket.id == inquiry)), rep) == []


def test_merging_customers_moves_their_return_visits(service, tenant_session):
    add_follow_up(tenant_session, service, today(tenant_session), customer="n1_beta")
    kept, merged = service.acme.customers["n1_alpha"].id, service.acme.customers["n1_beta"].id
    with tenant_session("acme") as session:
        hooks.customers_merged(session.scalar(select(Customer).where(Customer.id == kept)), merged)
        session.commit()
    assert [visit.customer_id for visit in follow_ups(tenant_session)] == [kept]
