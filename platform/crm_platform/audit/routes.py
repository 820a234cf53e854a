"""The audit trail page: who changed what and when, newest first (audit.view only)."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from crm_platform.audit.api import AuditQuerySchema, audit_page
from crm_platform.audit.readable import Names
from crm_platform.forms import field_errors, query_input
from crm_platform.extensions import db
from crm_platform.models import AuditEntry
from crm_platform.roles import permission_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

# Labels of the core's audited entities; a plugin's entities show under their own name.
ENTITY_LABELS = {"customer": _l("Customer"), "contact": _l("Contact"), "org_unit": _l("Org unit"),
                 "user": _l("User"), "workspace": _l("Workspace"), "customer_share": _l("Share"),
                 "customer_attachment": _l("Attachment"), "module": _l("Module"), "api_token": _l("API token")}
ACTION_LABELS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted"), "merge": _l("Merged")}
FILTERS = ("entity", "entity_id", "actor_id", "limit")


@bp.route("/")
@permission_required("audit.view")
def index():
    """The audit trail, newest first, filtered by entity, with cursor pages."""
    raw = query_input(request.args, FILTERS + ("cursor",))
    entries, next_cursor, errors, problem, actor_id = [], None, {}, None, None
    try:
        args = AuditQuerySchema().load(raw)
        entries, next_cursor = audit_page(args)
        actor_id = args.get("actor_id")
    except ValidationError as err:
        errors = field_errors(err)
        problem = _("Some filters are not valid; correct them and try again.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    names = Names(entries)
    # Distinct entities that have entries, for the filter; the (tenant, entity) index serves it.
    entities = db.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)).all()
    page = render_template(
        "audit/index.html", entries=entries, next_cursor=next_cursor, names=names,
        filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
        errors=errors, problem=problem, entity_labels=ENTITY_LABELS,
        entity_options=[(entity, ENTITY_LABELS.get(entity, entity)) for entity in entities],
        action_labels=ACTION_LABELS,
        actor_name=Names.for_users([actor_id]).user(actor_id) if actor_id is not None else None,
    )
    return page, 400 if problem else 200
