"""API for follow-ups: the caller's own or their team's, and completing one."""
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required
from crm_platform.customers.schemas import CompleteFollowUpSchema
from crm_platform.follow_ups import sync  # noqa: F401  (keeps follow-up and contact dates in step)
from crm_platform.follow_ups.queries import follow_up_page
from crm_platform.follow_ups.schemas import FollowUpPageSchema, FollowUpQuerySchema, FollowUpSchema
from crm_platform.follow_ups.service import complete

blp = Blueprint("follow_ups_api", __name__, description="Follow-ups: planned activities and dated next steps")


@blp.route("/follow-ups")
@login_required
@blp.arguments(FollowUpQuerySchema, location="query")
@blp.response(200, FollowUpPageSchema)
def follow_ups(args):
    """List open follow-ups by due time then id: the caller's own, or with scope=team their remit's."""
    items, cursor = follow_up_page(current_user, args)
    return {"items": items, "next_cursor": cursor}


@blp.route("/follow-ups/<int:activity_id>/done", methods=["POST"])
@login_required
@blp.arguments(CompleteFollowUpSchema)
@blp.response(200, FollowUpSchema)
def done(data, activity_id):
    """Complete a follow-up: a planned activity is logged, a dated next step closed (again: unchanged)."""
    return complete(current_user, activity_id, data)
