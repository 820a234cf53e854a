"""`crm demo` gives reps quotas around this month, spreads open deals over the categories, and adjusts one figure."""
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.sdk import workspace_today
from crm_platform.tenancy import tenant_scope

from plugins.sales_automation.models import ForecastAdjustment, Opportunity, Quota
from plugins.sales_automation.quotas.service import month_start, months_after
from tests.plugins.sales_automation.test_sales_demo import demo_scope


def test_the_demo_has_quotas_categories_and_a_chinese_adjustment(app):
    tenant_id = demo_scope(app, "zh_CN")
    with app.app_context(), tenant_scope(tenant_id):
        this_month = month_start(workspace_today())
        months = set(db.session.scalars(select(Quota.month).distinct()))
        assert {months_after(this_month, -1), this_month, months_after(this_month, 1)} <= months
        categories = set(db.session.scalars(select(Opportunity.forecast_category)
                                            .where(Opportunity.status == "open").distinct()))
        assert categories == {"commit", "best_case", "pipeline"}
        (adjustment,) = db.session.scalars(select(ForecastAdjustment)).all()
        assert adjustment.month == this_month and "签约" in adjustment.note
        assert adjustment.amount != adjustment.original_amount
        assert db.session.scalar(select(func.count()).select_from(Quota)) >= 6
