"""The report email API under /api/v1/ (this blueprint's routes start with /sales/): the caller's subscription."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.report_email import service
from plugins.sales_automation.report_email.schemas import SalesReportEmailSubscriptionSchema

blp = api_blueprint("report_email", __name__, "The monthly team performance email: who receives it and who opted out.")


@blp.route("/sales/report-email/subscription")
class Subscription(MethodView):
    """The caller's own subscription to the monthly team performance email."""

    decorators = [api_login_required]

    @blp.response(200, SalesReportEmailSubscriptionSchema)
    def get(self):
        """Whether the caller gets the monthly email, and whether it is meant for them."""
        return service.subscription(current_user)

    @blp.arguments(SalesReportEmailSubscriptionSchema)
    @blp.response(200, SalesReportEmailSubscriptionSchema)
    def put(self, data):
        """Opt in (`subscribed: true`) or out (`false`) of the monthly email."""
        service.set_subscribed(current_user, data["subscribed"])
        return service.subscription(current_user)
