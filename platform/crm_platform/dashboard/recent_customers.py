"""The core's "Recent customers" widget: the customers the user worked on most recently.

A customer counts as touched by the user when, within the last RECENT_DAYS days,
the user logged or planned an activity with it (the activity's creation time) or
created, edited or reassigned it (the audit trail's entries with the user as actor).
Its time is the latest of these; the widget lists the RECENT_SHOWN latest that the
user may still see, newest first. Merely opening a customer's page is not recorded.
"""
from datetime import timedelta

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select, union_all

from crm_platform.extensions import db
from crm_platform.models import Activity, AuditEntry, Customer
from crm_platform.models.base import utcnow
from crm_platform.modules.contributions import DashboardWidget
from crm_platform.visibility import customer_criterion

KEY = "core.recent_customers"
RECENT_DAYS = 90
RECENT_SHOWN = 8


def widgets(user):
    """The "Recent customers" widget, shown by default."""
    return [DashboardWidget(KEY, _l("Recent customers"), lambda: render(user),
                            description=_l("The customers you worked on most recently: activities you logged "
                                           "or planned, customers you created or edited."))]


def recent_customers(user, limit=RECENT_SHOWN, now=None):
    """[(customer, touched_at)]: the customers `user` touched most recently and may see, newest first."""
    since = (now or utcnow()) - timedelta(days=RECENT_DAYS)
    activities = (select(Activity.customer_id.label("customer_id"), Activity.created_at.label("touched_at"))
                  .where(Activity.user_id == user.id, Activity.created_at >= since))
    edits = (select(AuditEntry.entity_id.label("customer_id"), AuditEntry.created_at.label("touched_at"))
             .where(AuditEntry.actor_id == user.id, AuditEntry.entity == "customer", AuditEntry.created_at >= since))
    touches = union_all(activities, edits).subquery()
    latest = (select(touches.c.customer_id, func.max(touches.c.touched_at).label("touched_at"))
              .group_by(touches.c.customer_id).subquery())
    rows = db.session.execute(
        select(Customer, latest.c.touched_at).join(latest, latest.c.customer_id == Customer.id)
        .where(customer_criterion(user))
        .order_by(latest.c.touched_at.desc(), Customer.id.desc()).limit(limit)).all()
    return [(customer, touched_at) for customer, touched_at in rows]


def render(user):
    """The widget's HTML for `user`."""
    return Markup(render_template("dashboard/_recent_customers.html", rows=recent_customers(user),
                                  days=RECENT_DAYS))
