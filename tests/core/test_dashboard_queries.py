"""The dashboard with every module on: its queries do not grow with the rows its widgets list (no query per row)."""
from datetime import timedelta
from itertools import count

from collaboration_support import add_announcement
from crm_platform.models import Activity, Reminder
from crm_platform.models.base import utcnow
from crm_platform.workspace.clock import workspace_today
from plugins.service_support.models import Ticket
from plugins.task_dispatch.models import Task
from statements_support import statements

MODULES = ("sales_automation", "service_support", "task_dispatch", "customer_insights")
_numbers = count(1)


def dashboard_queries(app, client):
    """How many SQL statements one dashboard page runs (every widget must render)."""
    with statements(app) as sent:
        page = client.get("/dashboard/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "could not be shown" not in html
    return len(sent), html


def give_rep_n1_more_to_show(world, tenant_session):
    """One more of everything the core's and the modules' widgets list for rep_n1, on each of their customers."""
    acme = world.acme
    rep, admin = acme.users["rep_n1"].id, acme.users["admin"].id
    late = utcnow() - timedelta(hours=1)
    with tenant_session("acme", rep) as session:
        for key in ("n1_alpha", "n1_beta"):
            customer = acme.customers[key].id
            number = next(_numbers)
            session.add_all([
                Reminder(user_id=rep, customer_id=customer, kind="founding",
                         due_date=workspace_today() - timedelta(days=number)),
                Activity(customer_id=customer, user_id=rep, kind="visit", status="planned", due_at=late,
                         follow_up_at=late, subject=f"Visit {number}"),
                Ticket(number=f"Q-{number:05d}", customer_id=customer, channel="phone", category="complaint",
                       priority="normal", status="open", subject=f"Warm store {number}", assignee_id=rep,
                       created_by_id=admin),
                Task(number=f"Q-{number:05d}", title=f"Boiler {number}", customer_id=customer, status="assigned",
                     assignee_id=rep, created_by_id=admin, due=late),
            ])
        session.commit()
    add_announcement(tenant_session, world, "acme", title=f"Company {next(_numbers)}")
    add_announcement(tenant_session, world, "acme", "manager_north", "north1", title=f"Team {next(_numbers)}",
                     pinned=True)


def test_the_dashboard_runs_as_many_queries_for_many_rows_as_for_few(app, world, enable_plugin, page_client,
                                                                     tenant_session):
    for module in MODULES:
        enable_plugin("acme", module)
    client = page_client("acme", "rep_n1")
    give_rep_n1_more_to_show(world, tenant_session)
    client.get("/dashboard/")  # the sign-in's session bookkeeping (last seen) is written on the first request
    few, html = dashboard_queries(app, client)
    assert all(f'data-widget="{key}"' in html for key in ("service.tickets", "dispatch.tasks", "sales.pipeline",
                                                          "insights.pyramid"))
    for _round in range(3):
        give_rep_n1_more_to_show(world, tenant_session)
    many, html = dashboard_queries(app, client)
    assert html.count("Warm store") == 8 and html.count("Boiler") == 8 and html.count("Founding anniversary") == 5
    assert many == few, f"{few} queries for 2 rows a widget, {many} for 8"
    assert many <= 60
