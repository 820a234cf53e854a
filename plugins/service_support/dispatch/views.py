"""Pages of the ticket dispatch feature: the ticket page's "Dispatch" button posts here."""
from flask import abort, flash, redirect, request, url_for
from werkzeug.routing import BuildError

from crm_platform.sdk import current_user, db, gettext as _, local_next, page_login_required

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.dispatch import service
from plugins.service_support.requirements.ticket_lookup import ticket_or_404

bp = page_blueprint("dispatch", __name__)


def ticket_page(ticket_id):
    """The ticket's page (the tickets feature's), else the start page while that feature is not there."""
    try:
        return url_for("service_tickets.detail", ticket_id=ticket_id)
    except BuildError:
        return url_for("index")


@bp.route("/tickets/<int:ticket_id>", methods=["POST"])
@page_login_required
def dispatch(ticket_id):
    """Dispatch the ticket through task dispatch; 404 when the workspace has it off, like an unseen ticket."""
    ticket = ticket_or_404(current_user, ticket_id)
    if not service.available():
        abort(404)
    try:
        chosen = service.dispatch_ticket(current_user, ticket)
    except service.DispatchRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        flash(_("Dispatched to %(name)s.", name=chosen.name), "success")
    return redirect(local_next(request.form.get("next"), ticket_page(ticket.id)))
