"""The notes API under /api/v1/feedback: list, add, read and delete notes on visible customers."""
from flask.views import MethodView

from crm_platform.sdk import ApiBlueprint, api_login_required, current_user, visible_customer_or_404

from crm_feedback import notes
from crm_feedback.schemas import FeedbackNotePageSchema, FeedbackNoteQuerySchema, FeedbackNoteSchema, \
    NewFeedbackNoteSchema

blp = ApiBlueprint("crm_feedback_api", __name__, description="Feedback notes on the customers the caller may see")


@blp.route("/feedback/notes")
class Notes(MethodView):
    """The notes on customers the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(FeedbackNoteQuerySchema, location="query")
    @blp.response(200, FeedbackNotePageSchema)
    def get(self, args):
        """List notes, newest first, optionally of one customer."""
        items, next_cursor = notes.note_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(NewFeedbackNoteSchema)
    @blp.response(201, FeedbackNoteSchema)
    def post(self, data):
        """Add a note to a customer; the caller is its author."""
        return notes.add_note(current_user, visible_customer_or_404(current_user, data["customer_id"]), data)


@blp.route("/feedback/notes/<int:note_id>")
class NoteItem(MethodView):
    """One note, if the caller may see its customer."""

    decorators = [api_login_required]

    @blp.response(200, FeedbackNoteSchema)
    def get(self, note_id):
        """Read a note."""
        return notes.visible_note_or_404(current_user, note_id)

    @blp.response(204)
    def delete(self, note_id):
        """Delete a note (its author, or a feedback reviewer)."""
        notes.delete_note(current_user, notes.visible_note_or_404(current_user, note_id))
