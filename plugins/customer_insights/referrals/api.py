"""API of the referrals feature, under /api/v1/insights/: who recommended the company to whom.

A referral is seen with its referrer (visibility) and made or deleted by who
may manage the referrer (service.py); another workspace's or an invisible
referral answers the same 404 as a missing one.
"""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user, lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.referrals import service
from plugins.customer_insights.referrals.schemas import (
    InsightsReferralInputSchema, InsightsReferralPageSchema, InsightsReferralQuerySchema, InsightsReferralSchema,
)

blp = api_blueprint("referrals", __name__, _l("Customer insights: referrals"))


@blp.route("/insights/referrals")
class Referrals(MethodView):
    """The referrals made by customers the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(InsightsReferralQuerySchema, location="query")
    @blp.response(200, InsightsReferralPageSchema)
    def get(self, args):
        """List referrals, latest first, optionally one customer's."""
        items, next_cursor = service.referral_page(current_user, args)
        return {"items": service.shown(current_user, items), "next_cursor": next_cursor}

    @blp.arguments(InsightsReferralInputSchema)
    @blp.response(201, InsightsReferralSchema)
    def post(self, data):
        """Record a referral by a customer the caller may manage, of a customer they may see or of a name."""
        return service.shown(current_user, [service.add_referral(current_user, data)])[0]


@blp.route("/insights/referrals/<int:referral_id>")
class ReferralItem(MethodView):
    """One referral, if the caller may see its referrer."""

    decorators = [api_login_required]

    @blp.response(200, InsightsReferralSchema)
    def get(self, referral_id):
        """Read a referral."""
        return service.shown(current_user, [service.referral_or_404(current_user, referral_id)])[0]

    @blp.response(204)
    def delete(self, referral_id):
        """Delete a referral (who may manage its referrer)."""
        service.delete_referral(current_user, service.referral_or_404(current_user, referral_id))
