"""The core's "Today's reminders" widget: the user's care reminders and follow-ups due today or overdue, in short.

It shows what the Today page opens with (due today, overdue), a few of each, with
the counts and a link to the Today page for the rest and for marking things done.
"""
from datetime import datetime, time, timedelta, timezone

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from crm_platform.customers.forms import ACTIVITY_LABELS
from crm_platform.extensions import db
from crm_platform.follow_ups.queries import count_follow_ups, follow_ups
from crm_platform.models import Activity, Reminder
from crm_platform.models.base import utcnow
from crm_platform.modules.contributions import DashboardWidget
from crm_platform.reminders.queries import count_reminders, my_reminders
from crm_platform.reminders.routes import OCCASION_LABELS
from crm_platform.workspace.settings import current_tenant, tenant_timezone, tenant_today

KEY = "core.reminders"
SHOWN = 5


def widgets(user):
    """The "Today's reminders" widget, shown by default."""
    return [DashboardWidget(KEY, _l("Today's reminders"), lambda: render(user),
                            description=_l("Your care reminders and follow-ups due today or overdue."))]


def due_today(user):
    """What the widget shows `user`: the first reminders and follow-ups due by the end of today, and their counts."""
    tenant = current_tenant()
    today = tenant_today(tenant)
    day_end = datetime.combine(today + timedelta(days=1), time(), tzinfo=tenant_timezone(tenant))
    reminder_args = {"status": "open", "due_to": today}
    follow_up_args = {"due_to": day_end.astimezone(timezone.utc) - timedelta(microseconds=1)}
    reminders = db.session.scalars(my_reminders(user, reminder_args).order_by(Reminder.due_date, Reminder.id)
                                   .limit(SHOWN)).all()
    due = db.session.scalars(follow_ups(user, follow_up_args).order_by(Activity.follow_up_at, Activity.id)
                             .limit(SHOWN)).all()
    return {"today": today, "now": utcnow(), "reminders": reminders,
            "reminder_count": count_reminders(user, reminder_args),
            "follow_ups": due, "follow_up_count": count_follow_ups(user, follow_up_args)}


def render(user):
    """The widget's HTML for `user`."""
    return Markup(render_template("dashboard/_reminders.html", occasions=OCCASION_LABELS,
                                  activity_labels=ACTIVITY_LABELS, **due_today(user)))
