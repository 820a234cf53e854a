"""Completing a follow-up from the Today page or the customer's timeline."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from crm_platform.follow_ups.service import complete

bp = Blueprint("follow_ups", __name__, url_prefix="/today/follow-ups")


@bp.route("/<int:activity_id>/done", methods=["POST"])
@login_required
def done(activity_id):
    """Complete a follow-up (a planned activity is logged now); back to Today, or to the customer with back=customer."""
    activity = complete(current_user, activity_id, {})
    flash(_("Follow-up done: %(customer)s.", customer=activity.customer.name), "success")
    if request.args.get("back") == "customer":
        return redirect(url_for("customers.detail", customer_id=activity.customer_id, _anchor="timeline"))
    return redirect(url_for("reminders.today"))
