"""Feedback pages: the list of notes, adding a note to a customer, deleting a note.

Visibility and permissions come from the same functions as the API (notes.py);
these views only turn them into pages. Every form posts with the CSRF token.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import Blueprint, current_user, gettext as _, page_login_required, visible_customer_or_404

from crm_feedback import notes
from crm_feedback.schemas import FeedbackNoteQuerySchema, NewFeedbackNoteSchema

bp = Blueprint("crm_feedback", __name__, url_prefix="/feedback", template_folder="templates")

NOTE_FIELDS = ("rating", "text")


# A plugin may import only crm_platform.sdk, and the SDK does not (yet) export the
# core's form helpers (crm_platform.forms.field_errors), so this small copy stays here
# rather than reaching into the core's internals.
def field_errors(error):
    """A ValidationError as {field: "message"}, for the core's form macros."""
    return {name: " ".join(map(str, problems)) for name, problems in error.messages.items()}


@bp.route("/")
@page_login_required
def index():
    """The notes on customers the user may see, newest first, optionally of one customer."""
    raw = {key: request.args[key].strip() for key in ("customer_id", "limit", "cursor")
           if request.args.get(key, "").strip()}
    items, next_cursor, customer, problem = [], None, None, None
    try:
        args = FeedbackNoteQuerySchema().load(raw)
        if args.get("customer_id") is not None:
            customer = visible_customer_or_404(current_user, args["customer_id"])
        items, next_cursor = notes.note_page(current_user, args)
    except ValidationError:
        problem = _("Some filters are not valid.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template(
        "crm_feedback/index.html", notes=items, next_cursor=next_cursor, customer=customer, problem=problem,
        filters={key: value for key, value in raw.items() if key != "cursor"}, on_later_page="cursor" in raw,
        alert_at=notes.settings()["min_rating_alert"], may_delete=notes.may_delete,
    )
    return page, 400 if problem else 200


@bp.route("/customers/<int:customer_id>/notes", methods=["GET", "POST"])
@page_login_required
def add(customer_id):
    """Write a feedback note on a customer the user may see."""
    customer = visible_customer_or_404(current_user, customer_id)
    values, errors = {}, {}
    if request.method == "POST":
        values = {name: request.form[name] for name in NOTE_FIELDS if name in request.form}
        try:
            data = NewFeedbackNoteSchema().load({**values, "customer_id": customer.id})
        except ValidationError as err:
            errors = field_errors(err)
        else:
            notes.add_note(current_user, customer, data)
            flash(_("Feedback on %(name)s saved.", name=customer.name), "success")
            return redirect(url_for("customers.detail", customer_id=customer.id, _anchor="feedback"))
    page = render_template("crm_feedback/form.html", customer=customer, values=values, errors=errors)
    return page, 422 if errors else 200


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
@page_login_required
def delete(note_id):
    """Delete a note (its author, or a feedback reviewer)."""
    note = notes.visible_note_or_404(current_user, note_id)
    notes.delete_note(current_user, note)
    flash(_("Feedback note deleted."), "success")
    return redirect(url_for(".index"))
