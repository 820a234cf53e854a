"""API for care reminders: the caller's own, filtered and paged, and marking one done."""
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required
from crm_platform.reminders import care  # noqa: F401  (registers the care_reminders kind and its schedule)
from crm_platform.reminders import care_sync  # noqa: F401  (keeps reminders in step with care dates at once)
from crm_platform.reminders.queries import reminder_page
from crm_platform.reminders.schemas import ReminderPageSchema, ReminderQuerySchema, ReminderSchema
from crm_platform.reminders.service import mark_done

blp = Blueprint("reminders_api", __name__, description="Customer care reminders (birthdays, founding dates)")


@blp.route("/reminders")
@login_required
@blp.arguments(ReminderQuerySchema, location="query")
@blp.response(200, ReminderPageSchema)
def reminders(args):
    """List the caller's reminders (scope=team: their remit's) about customers they may see, by due date then id."""
    items, cursor = reminder_page(current_user, args)
    return {"items": items, "next_cursor": cursor}


@blp.route("/reminders/<int:reminder_id>/done", methods=["POST"])
@login_required
@blp.response(200, ReminderSchema)
def done(reminder_id):
    """Mark one of the caller's reminders done (again: unchanged); anyone else's is a 404."""
    return mark_done(current_user, reminder_id)
