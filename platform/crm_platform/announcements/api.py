"""API of announcements: the caller's list with read state, posting, changing, deleting, marking read."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.announcements import service
from crm_platform.announcements.access import readable_announcement_or_404, require_change
from crm_platform.announcements.schemas import (
    AnnouncementPageSchema, AnnouncementQuerySchema, AnnouncementReaderSchema, AnnouncementSchema,
)
from crm_platform.api.auth import allowed_first, login_required, permission_required

blp = Blueprint("announcements_api", __name__, description="Announcements to the company or a unit, with each "
                "reader's read state")


@blp.route("/announcements")
class Announcements(MethodView):
    """The announcements the caller may read."""

    @login_required
    @blp.arguments(AnnouncementQuerySchema, location="query")
    @blp.response(200, AnnouncementPageSchema)
    def get(self, args):
        """List what the caller may read, newest first, with their read state (`unread`, `pinned`, `current`)."""
        items, cursor = service.announcement_page(current_user, args)
        return {"items": items, "next_cursor": cursor}

    @permission_required("announcements.post")
    @blp.arguments(AnnouncementSchema)
    @blp.response(201, AnnouncementSchema)
    def post(self, data):
        """Post an announcement: admins and executives to the company or any unit, managers to their unit subtree."""
        return service.post(current_user, data)


@blp.route("/announcements/<int:announcement_id>")
class AnnouncementItem(MethodView):
    """One announcement the caller may read."""

    @login_required
    @blp.response(200, AnnouncementSchema)
    def get(self, announcement_id):
        """Read an announcement with the caller's read state (reading it here does not mark it read)."""
        return service.with_read_state(current_user, [readable_announcement_or_404(current_user, announcement_id)])[0]

    @login_required
    @allowed_first(lambda announcement_id: require_change(
        current_user, readable_announcement_or_404(current_user, announcement_id)), into="announcement")
    @blp.arguments(AnnouncementSchema(partial=True))
    @blp.response(200, AnnouncementSchema)
    def patch(self, data, announcement_id, announcement):
        """Change an announcement (its author, or admins); a new unit must be one the caller may post to."""
        return service.update(current_user, announcement, data)

    @login_required
    @blp.response(204)
    def delete(self, announcement_id):
        """Delete an announcement with its read marks (its author, or admins)."""
        service.delete(current_user, readable_announcement_or_404(current_user, announcement_id))


@blp.route("/announcements/<int:announcement_id>/read", methods=["POST"])
@login_required
@blp.response(200, AnnouncementSchema)
def mark_read(announcement_id):
    """Mark an announcement read for the caller (again: the first reading's time stays)."""
    return service.mark_read(current_user, readable_announcement_or_404(current_user, announcement_id))


@blp.route("/announcements/<int:announcement_id>/readers")
@login_required
@blp.response(200, AnnouncementReaderSchema(many=True))
def readers(announcement_id):
    """Who has read an announcement, most recent first (its author, or admins)."""
    announcement = readable_announcement_or_404(current_user, announcement_id)
    require_change(current_user, announcement)
    return [{"user": user, "read_at": read_at} for user, read_at in service.readers(announcement)]
