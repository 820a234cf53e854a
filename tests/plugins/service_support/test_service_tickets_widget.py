"""The dashboard's "My tickets": the user's open tickets, breached first, then the nearest SLA due, then the rest."""
import re
from datetime import timedelta

from service_kit import make_ticket

from crm_platform.sdk import utcnow


def ticket_rows(html):
    """The subjects in the widget's table, top to bottom."""
    table = re.search(r'<table class="data striped" id="my-tickets-widget">(.*?)</table>', html, re.S).group(1)
    return re.findall(r"</a></td>\s*<td>([^<]+)</td>", table)


def test_my_tickets_put_breached_and_nearly_due_first(service, tenant_session, page_client):
    now = utcnow()
    make_ticket(service, tenant_session, subject="No SLA", created_at=now - timedelta(days=5))
    make_ticket(service, tenant_session, subject="Due later", resolution_due_at=now + timedelta(hours=9),
                first_response_at=now - timedelta(hours=1))
    make_ticket(service, tenant_session, subject="Answer soon", first_response_due_at=now + timedelta(hours=1),
                resolution_due_at=now + timedelta(days=2))
    make_ticket(service, tenant_session, subject="Breached", resolution_due_at=now - timedelta(hours=2),
                resolution_breached_at=now - timedelta(hours=2), first_response_at=now - timedelta(hours=5))
    # Neither someone else's nor a resolved one.
    make_ticket(service, tenant_session, subject="Not mine", assignee="rep_n2")
    make_ticket(service, tenant_session, subject="Solved", status="resolved")
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    assert ticket_rows(html) == ["Breached", "Answer soon", "Due later", "No SLA"]
    assert "4 open tickets assigned to you" in html and "SLA breached" in html
    assert 'href="/service/tickets/?view=mine"' in html
    empty = page_client("acme", "rep_s1").get("/dashboard/").get_data(as_text=True)
    assert "No open tickets assigned to you." in empty


def test_my_tickets_leave_the_dashboard_with_the_module(service, enable_plugin, page_client):
    assert 'data-widget="service.tickets"' in page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    enable_plugin("acme", "service_support", enabled=False)
    assert "service.tickets" not in page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
