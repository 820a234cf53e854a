"""Pages of the referrals feature, under /insights/referrals: the customer page panel's forms post here and go back.

The page form names the referred one by name; when exactly one customer the
user may see has that name, the referral is linked to that customer.
"""
from flask import flash, redirect, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, field_errors, gettext as _, page_login_required, visible_customer_or_404

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.referrals import service
from plugins.customer_insights.referrals.schemas import InsightsReferralInputSchema

bp = page_blueprint("referrals", __name__)


def _back(customer_id):
    """Back to the customer's page, at the referrals panel."""
    return redirect(url_for("customers.detail", customer_id=customer_id, _anchor="insights-referrals"))


@bp.route("/customers/<int:customer_id>/new", methods=["POST"])
@page_login_required
def add(customer_id):
    """Record a referral made by the customer (who may manage it); problems are said, nothing is written."""
    customer = visible_customer_or_404(current_user, customer_id)
    values = {key: request.form.get(key, "") for key in ("referred_name", "referred_on", "note")}
    name = values["referred_name"].strip()
    referred_id = service.customer_named(current_user, name) if name else None
    if referred_id is not None and referred_id != customer.id:
        values = {**values, "referred_name": "", "referred_customer_id": referred_id}
    try:
        referral = service.add_referral(current_user, InsightsReferralInputSchema().load(
            {**values, "customer_id": customer.id}))
    except ValidationError as err:
        flash(" ".join(field_errors(err).values()), "error")
    else:
        flash(_("Referral of %(name)s recorded.", name=referral.referred_name), "success")
    return _back(customer.id)


@bp.route("/<int:referral_id>/delete", methods=["POST"])
@page_login_required
def delete(referral_id):
    """Delete a referral (who may manage its referrer)."""
    referral = service.referral_or_404(current_user, referral_id)
    customer_id = referral.customer_id
    service.delete_referral(current_user, referral)
    flash(_("Referral deleted."), "success")
    return _back(customer_id)
