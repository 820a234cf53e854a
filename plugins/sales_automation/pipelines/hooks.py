"""What the pipelines feature adds through the module's hooks: menu entry, customer panel, merges, "My pipeline"."""
from flask import render_template
from sqlalchemy import select, update

from crm_platform.sdk import DashboardWidget, MenuItem, Panel, db, lazy_gettext as _l, Markup

from plugins.sales_automation.models import Opportunity, Stage
from plugins.sales_automation.pipelines.service import opportunity_criterion
from plugins.sales_automation.pipelines.widget import my_pipeline

PANEL_LIMIT = 20
"""Open opportunities the customer panel lists (the board's list view filtered by customer shows them all)."""


def menu_items(user):
    """"Opportunities": the default pipeline's board."""
    return [MenuItem(_l("Opportunities"), "sales_pipelines.index")]


def customer_panels(customer, user):
    """The customer's open opportunities that `user` may see, with stage and amount, and a link to add one."""
    rows = db.session.execute(
        select(Opportunity, Stage.name).join(Stage, Stage.id == Opportunity.stage_id)
        .where(Opportunity.customer_id == customer.id, Opportunity.status == "open", opportunity_criterion(user))
        .order_by(Opportunity.expected_close.is_(None), Opportunity.expected_close, Opportunity.id)
        .limit(PANEL_LIMIT + 1)).all()
    html = render_template("sales_automation/pipelines/panel.html", customer=customer, rows=rows[:PANEL_LIMIT],
                           more=len(rows) > PANEL_LIMIT)
    return [Panel(_l("Opportunities"), Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate's opportunities now belong to the customer kept."""
    db.session.execute(update(Opportunity).where(Opportunity.customer_id == merged_id).values(customer_id=kept.id),
                       execution_options={"synchronize_session": "fetch"})


def dashboard_widgets(user):
    """"My pipeline": the user's open opportunities by stage (count, amount), the weighted total, links to the boards."""
    def render():
        """The widget's HTML for the signed-in user."""
        return Markup(render_template("sales_automation/pipelines/_widget.html", user=user, **my_pipeline(user)))

    return [DashboardWidget("sales.pipeline", _l("My pipeline"), render,
                            description=_l("Your open opportunities by stage, with their weighted amount."))]
