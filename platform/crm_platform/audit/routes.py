"""The audit trail page: who changed what and when, newest first (audit.view only)."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from crm_platform.audit.api import AuditQuerySchema, audit_page
from crm_platform.forms import field_errors, query_input
from crm_platform.extensions import db
from crm_platform.models import AuditEntry, User
from crm_platform.roles import permission_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

# Labels of the core's audited entities; a plugin's entities show under their own name.
ENTITY_LABELS = {"customer": _l("Customer"), "contact": _l("Contact"), "org_unit": _l("Org unit"),
                 "user": _l("User"), "workspace": _l("Workspace")}
ACTION_LABELS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted"), "merge": _l("Merged")}
FILTERS = ("entity", "entity_id", "actor_id", "limit")


def _user_names(ids):
    """{id: name} of the users among `ids`, in one query (deleted users are left out)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def changed_fields(entry):
    """(field, old, new) rows of an entry; creates and deletes have only one side."""
    changes = entry.changes or {}
    if entry.action == "update":
        return [(name, pair[0], pair[1]) for name, pair in sorted(changes.items())
                if isinstance(pair, (list, tuple)) and len(pair) == 2]
    if entry.action == "delete":
        return [(name, value, None) for name, value in sorted(changes.items())]
    return [(name, None, value) for name, value in sorted(changes.items())]


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
    names = _user_names([entry.actor_id for entry in entries] + [actor_id])
    # Distinct entities that have entries, for the filter; the (tenant, entity) index serves it.
    entities = db.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)).all()
    page = render_template(
        "audit/index.html", entries=entries, next_cursor=next_cursor, actor_names=names,
        filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
        errors=errors, problem=problem, entity_labels=ENTITY_LABELS,
        entity_options=[(entity, ENTITY_LABELS.get(entity, entity)) for entity in entities],
        action_labels=ACTION_LABELS, changed_fields=changed_fields,
        actor_name=(names.get(actor_id) or _("User #%(id)d", id=actor_id)) if actor_id is not None else None,
    )
    return page, 400 if problem else 200
