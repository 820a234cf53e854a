"""The return visits API under /api/v1/service/follow-ups: list, read, and record the outcome."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.followups import service
from plugins.service_support.followups.schemas import (
    ServiceFollowUpOutcomeSchema, ServiceFollowUpPageSchema, ServiceFollowUpQuerySchema, ServiceFollowUpSchema,
)

blp = api_blueprint("followups", __name__, "Service support: return visits after complaints and low scores")


@blp.route("/service/follow-ups")
class FollowUps(MethodView):
    """The return visits the caller may see: their own, and those of customers or tickets they may see."""

    decorators = [api_login_required]

    @blp.arguments(ServiceFollowUpQuerySchema, location="query")
    @blp.response(200, ServiceFollowUpPageSchema)
    def get(self, args):
        """List return visits, soonest due first (open ones unless `status` says otherwise; `mine` for the caller's)."""
        items, next_cursor = service.follow_up_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/service/follow-ups/<int:follow_up_id>")
class FollowUpItem(MethodView):
    """One return visit."""

    decorators = [api_login_required]

    @blp.response(200, ServiceFollowUpSchema)
    def get(self, follow_up_id):
        """Read a return visit."""
        return service.follow_up_or_404(current_user, follow_up_id)


@blp.route("/service/follow-ups/<int:follow_up_id>/outcome")
class FollowUpOutcome(MethodView):
    """Recording how a return visit went."""

    decorators = [api_login_required]

    @blp.arguments(ServiceFollowUpOutcomeSchema)
    @blp.response(200, ServiceFollowUpSchema)
    def post(self, data, follow_up_id):
        """Record the result (satisfied, unsatisfied, unreachable), kind and text, once (422 the second time).

        The owner or whoever may manage the customer; `log_activity` also logs the
        call or visit on the customer's timeline.
        """
        return service.record_outcome(current_user, service.follow_up_or_404(current_user, follow_up_id), data)
