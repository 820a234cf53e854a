"""The quotas API under /api/v1/ (this blueprint's routes start with /sales/)."""
from flask import abort
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, db

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.permissions import QUOTAS
from plugins.sales_automation.quotas import service
from plugins.sales_automation.quotas.schemas import (
    SalesMonthRangeQuerySchema, SalesQuotaGridSchema, SalesQuotaInputSchema, SalesQuotaPersonSchema,
    SalesQuotaSchema,
)

blp = api_blueprint("quotas", __name__, "Monthly quotas per rep, in amount won or collected (a workspace setting), and their attainment.")


@blp.route("/sales/quotas")
class Quotas(MethodView):
    """The quotas of the people in the caller's remit."""

    decorators = [api_login_required]

    @blp.arguments(SalesMonthRangeQuerySchema, location="query")
    @blp.response(200, SalesQuotaGridSchema)
    def get(self, args):
        """Each person's quota, amount achieved and attainment per month (this month and the next two by default)."""
        return service.quota_grid(current_user, *service.month_span(args["month_from"], args["month_to"]))

    @api_permission_required(QUOTAS)
    @blp.arguments(SalesQuotaInputSchema)
    @blp.response(200, SalesQuotaSchema(many=True))
    def put(self, data):
        """Set several quotas at once (`sales.quotas`); null clears one; all or nothing.

        A person outside the caller's remit, or the caller themselves (a manager's
        quota is set by their own manager), is a field error of the row.
        """
        saved = service.set_quotas(current_user, data["rows"])
        db.session.commit()
        return saved


@blp.route("/sales/quotas/people/<int:user_id>")
class PersonQuotas(MethodView):
    """One person's quotas, if they are in the caller's remit."""

    decorators = [api_login_required]

    @blp.arguments(SalesMonthRangeQuerySchema, location="query")
    @blp.response(200, SalesQuotaPersonSchema)
    def get(self, args, user_id):
        """The person's quota, amount achieved and attainment per month; 404 outside the caller's remit."""
        grid = service.quota_grid(current_user, *service.month_span(args["month_from"], args["month_to"]))
        person = next((person for person in grid["people"] if person["user_id"] == user_id), None)
        if person is None:
            abort(404)
        return person
