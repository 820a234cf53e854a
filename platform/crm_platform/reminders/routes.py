"""The "today" page: the signed-in user's care reminders, and marking them done."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.exceptions import BadRequest

from crm_platform.follow_ups.today import follow_up_lists
from crm_platform.modules.contributions import TodaySection
from crm_platform.modules.events import collect
from crm_platform.reminders.queries import today_lists
from crm_platform.reminders.service import mark_done
from crm_platform.workspace.settings import current_tenant

bp = Blueprint("reminders", __name__, url_prefix="/today")

OCCASION_LABELS = {"birthday": _l("Birthday"), "founding": _l("Founding anniversary"),
                   "pool": _l("Goes to the pool unless you log an activity")}


@bp.route("/")
@login_required
def today():
    """Your open reminders and follow-ups (due today, coming up, overdue); a team lead's team's overdue work."""
    cursor = request.args.get("cursor")
    try:
        lists = today_lists(current_user, current_tenant(), cursor)
    except BadRequest:
        # Only a hand-edited link gets here; start again rather than fail.
        flash(_("This page link is no longer valid; showing the first page."), "error")
        return redirect(url_for(".today"))
    lists.update(follow_up_lists(current_user, request.args, lists["today"]))
    # Plugins' sections (their to-dos, collections, tickets...) belong to the first page only, as follow-ups do.
    sections = [] if cursor else collect("crm_today_sections", TodaySection, user=current_user, today=lists["today"])
    return render_template("reminders/today.html", occasions=OCCASION_LABELS, on_later_page=bool(cursor),
                           sections=sections, **lists)


@bp.route("/<int:reminder_id>/done", methods=["POST"])
@login_required
def done(reminder_id):
    """Mark one of your reminders done; it leaves the page. Anyone else's is a 404."""
    reminder = mark_done(current_user, reminder_id)
    flash(_("Done: %(occasion)s of %(customer)s.", occasion=OCCASION_LABELS.get(reminder.kind, reminder.kind),
            customer=reminder.customer.name), "success")
    return redirect(url_for(".today"))
