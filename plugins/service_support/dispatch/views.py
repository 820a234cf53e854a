"""Pages of the ticket dispatch feature: the ticket page's "Dispatch" button posts here."""
from flask import flash, redirect, request, url_for

from crm_platform.sdk import current_user, gettext as _, local_next, page_login_required

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.dispatch import service

bp = page_blueprint("dispatch", __name__)


@bp.route("/tickets/<int:ticket_id>", methods=["POST"])
@page_login_required
def dispatch(ticket_id):
    """Dispatch the ticket through task dispatch; 404 when the workspace has it off, like an unseen ticket."""
    try:
        chosen = service.dispatch_ticket(current_user, ticket_id)[1]
    except service.DispatchRefused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Dispatched to %(name)s.", name=chosen.name), "success")
    return redirect(local_next(request.form.get("next"), url_for("service_tickets.detail", ticket_id=ticket_id)))
