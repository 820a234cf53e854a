"""The ticket page's actions: move the status, reply or note (with files), attach, download and delete files.

A refused reply or upload shows the ticket page again with the reason (422, or
413 over the size cap); a refused status move flashes the workflow's reason.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict, RequestEntityTooLarge

from crm_platform.sdk import current_user, db, field_errors, gettext as _, page_login_required, upload_view

from plugins.service_support.tickets import attachments, service
from plugins.service_support.tickets.conversation import add_message
from plugins.service_support.tickets.labels import STATUS_LABELS
from plugins.service_support.tickets.pages import ticket_page_context
from plugins.service_support.tickets.schemas import ServiceTicketMessageSchema
from plugins.service_support.tickets.views import bp


def back_to(ticket, anchor=None):
    """A redirect to the ticket's page (at `anchor`)."""
    return redirect(url_for(".detail", ticket_id=ticket.id, _anchor=anchor))


def refused(ticket, values, errors, status):
    """The ticket page again with the form's values and what was wrong."""
    return render_template("service_support/tickets/detail.html",
                           **ticket_page_context(ticket, values, errors)), status


@bp.route("/<int:ticket_id>/status", methods=["POST"])
@page_login_required
def status(ticket_id):
    """Move the ticket along the workflow (Open, Waiting on customer, Resolve, Close, Reopen)."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    target = request.form.get("status", "")
    try:
        service.change_status(current_user, ticket, target)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.description, "error")
        return back_to(ticket)
    flash(_("Ticket %(number)s is now %(status)s.", number=ticket.number, status=STATUS_LABELS[target]), "success")
    return back_to(ticket)


@bp.route("/<int:ticket_id>/messages", methods=["POST"])
@page_login_required
@upload_view
def reply(ticket_id):
    """Add a public reply (mailed to the contact) or an internal note, with files."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    values = {key: request.form.get(key, "") for key in ("kind", "body")}
    try:
        data = ServiceTicketMessageSchema().load(values)
        message = add_message(current_user, ticket, data["kind"], data["body"], request.files.getlist("file"))
    except ValidationError as err:
        db.session.rollback()
        return refused(ticket, values, field_errors(err), 422)
    except RequestEntityTooLarge as exc:
        db.session.rollback()
        return refused(ticket, values, {"file": exc.description}, 413)
    if message.kind == "note":
        flash(_("Note added."), "success")
    elif message.mail_job_id:
        flash(_("Reply sent; it is being mailed to %(email)s.", email=message.mailed_to), "success")
    else:
        flash(_("Reply saved. The contact has no email address, so it was not mailed."), "warning")
    return back_to(ticket, f"message-{message.id}")


@bp.route("/<int:ticket_id>/attachments", methods=["POST"])
@page_login_required
@upload_view
def upload(ticket_id):
    """Attach a file to the ticket."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    try:
        attachment = attachments.add_attachment(current_user, ticket, request.files.get("file"))
    except ValidationError as err:
        db.session.rollback()
        return refused(ticket, {}, {"attachment": field_errors(err).get("file", "")}, 422)
    except RequestEntityTooLarge as exc:
        db.session.rollback()
        return refused(ticket, {}, {"attachment": exc.description}, 413)
    flash(_("%(name)s attached.", name=attachment.name), "success")
    return back_to(ticket, "files")


@bp.route("/<int:ticket_id>/attachments/<int:attachment_id>")
@page_login_required
def download(ticket_id, attachment_id):
    """Download a file of a ticket the user may see."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    return attachments.download(attachments.attachment_or_404(ticket, attachment_id))


@bp.route("/<int:ticket_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@page_login_required
def delete_attachment(ticket_id, attachment_id):
    """Delete a file (its uploader, the assignee, or who may manage the customer)."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    attachment = attachments.attachment_or_404(ticket, attachment_id)
    name = attachment.name
    attachments.delete_attachment(current_user, ticket, attachment)
    flash(_("%(name)s deleted.", name=name), "success")
    return back_to(ticket, "files")
