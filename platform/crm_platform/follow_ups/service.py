"""Completing a follow-up from Today or the API, found through the visibility policy."""
from flask import abort
from sqlalchemy import select

from crm_platform.customers.service import complete_follow_up
from crm_platform.extensions import db
from crm_platform.models import Activity, Customer
from crm_platform.visibility import customer_criterion


def complete(user, activity_id, data):
    """Complete activity `activity_id`'s follow-up for `user`; an activity of a customer they may not see is a 404."""
    found = db.session.execute(select(Activity, Customer).join(Activity.customer)
                               .where(Activity.id == activity_id, customer_criterion(user))).first()
    if found is None:
        abort(404)
    activity, customer = found
    return complete_follow_up(user, customer, activity, data)
