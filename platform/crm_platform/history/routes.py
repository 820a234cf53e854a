"""The customer's History page, linked from the customer file."""
from flask import render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.audit.readable import Names
from crm_platform.forms import query_input
from crm_platform.history import bp
from crm_platform.history.queries import history_page
from crm_platform.schemas import QuerySchema
from crm_platform.visibility import visible_customer_or_404

ENTITY_LABELS = {"customer": _l("Customer"), "contact": _l("Contact"), "customer_share": _l("Share"),
                 "customer_attachment": _l("Attachment")}
ACTION_LABELS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted"), "merge": _l("Merged")}


@bp.route("/<int:customer_id>/history")
@login_required
def customer_history(customer_id):
    """Who changed what on a customer the user may see, newest first, with names rather than ids."""
    customer = visible_customer_or_404(current_user, customer_id)
    raw = query_input(request.args, ("cursor", "limit"))
    entries, next_cursor, problem = [], None, None
    try:
        entries, next_cursor = history_page(customer, QuerySchema().load(raw))
    except (ValidationError, BadRequest):
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template("history/customer.html", customer=customer, entries=entries, names=Names(entries),
                           next_cursor=next_cursor, on_later_page="cursor" in raw, problem=problem,
                           filters={"customer_id": customer.id, **{k: v for k, v in raw.items() if k != "cursor"}},
                           entity_labels=ENTITY_LABELS, action_labels=ACTION_LABELS)
    return page, 400 if problem else 200
