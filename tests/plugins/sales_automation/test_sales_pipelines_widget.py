"""The "My pipeline" dashboard widget: the user's own open opportunities by stage, weighted, per currency."""
from datetime import date
from decimal import Decimal

from crm_platform.extensions import db

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines.widget import my_pipeline
from tests.plugins.sales_automation.sales_pipelines_kit import make_deals
from tests.plugins.sales_automation.sales_widgets_support import signed_in, widget_html

CLOSE = date(2026, 6, 30)


def deals(world, tenant_session):
    """rep_n1's open deals in two stages (one with its own probability, one in USD), a won one and rep_n2's."""
    _, stages, ids = make_deals(tenant_session, world, "acme", [
        ("Alpha", "n1_alpha", "rep_n1", "1000.00", 0, CLOSE),   # Initial contact, 10%
        ("Beta", "n1_beta", "rep_n1", "2000.00", 3, CLOSE),     # Quoted, 60%
        ("Gamma", "n1_beta", "rep_n1", "333.33", 3, CLOSE),     # Quoted, its own 25%
        ("Won", "n1_alpha", "rep_n1", "9000.00", 5, CLOSE),     # closed: not in the pipeline
        ("Theirs", "n2", "rep_n2", "500.00", 0, CLOSE),         # someone else's
    ])
    make_deals(tenant_session, world, "globex", [("Other", "n1_alpha", "rep_n1", "777.00", 0, CLOSE)])
    with tenant_session("acme"):
        db.session.get(Opportunity, ids[2]).probability = 25
        usd = db.session.get(Opportunity, make_deals(tenant_session, world, "acme", [
            ("Dollar", "n1_alpha", "rep_n1", "50.00", 0, CLOSE)])[2][0])
        usd.currency = "USD"
        db.session.commit()
    return stages


def test_the_figures_are_the_users_open_deals_by_stage_weighted(sales, app, tenant_session):
    deals(sales, tenant_session)
    with signed_in(app, sales, "acme", "rep_n1") as user:
        view = my_pipeline(user)
    figures = [(row["stage"], row["currency"], row["count"], row["amount"], row["weighted"]) for row in view["rows"]]
    assert figures == [
        ("Initial contact", "CNY", 1, Decimal("1000.00"), Decimal("100.00")),
        ("Initial contact", "USD", 1, Decimal("50.00"), Decimal("5.00")),
        # 2000 × 60% + 333.33 × 25% = 1200 + 83.3325, rounded once summed.
        ("Quoted", "CNY", 2, Decimal("2333.33"), Decimal("1283.33")),
    ]
    assert view["totals"] == [
        {"currency": "CNY", "count": 3, "amount": Decimal("3333.33"), "weighted": Decimal("1383.33")},
        {"currency": "USD", "count": 1, "amount": Decimal("50.00"), "weighted": Decimal("5.00")},
    ]


def test_the_widget_renders_the_table_and_links_to_the_board(sales, app, tenant_session):
    deals(sales, tenant_session)
    html = widget_html(app, sales, "acme", "rep_n1", "sales.pipeline")
    assert "Initial contact" in html and "Quoted" in html and "Won" not in html
    assert "CN¥3,333.33" in html and "CN¥1,383.33" in html and "$50.00" in html
    assert f"owner_id={sales.acme.users['rep_n1'].id}" in html and "/sales/pipelines/" in html
    # A manager's own pipeline is theirs: the team's deals are not in it.
    assert "You have no open opportunities." in widget_html(app, sales, "acme", "manager_north", "sales.pipeline")
    # The other workspace's deal of its rep_n1 stays there.
    assert "CN¥777.00" not in html and "CN¥777.00" in widget_html(app, sales, "globex", "rep_n1", "sales.pipeline")


def test_the_widget_is_offered_only_where_the_module_is_on(sales, app, enable_plugin):
    with signed_in(app, sales, "acme", "rep_n1") as user:
        from plugins.sales_automation.plugin import crm_dashboard_widgets

        keys = [widget.key for widget in crm_dashboard_widgets(user)]
    assert {"sales.pipeline", "sales.collections"} <= set(keys)
    enable_plugin("acme", "sales_automation", enabled=False)
    assert widget_html(app, sales, "acme", "rep_n1", "sales.pipeline") is None
