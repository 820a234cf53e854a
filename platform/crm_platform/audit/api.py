"""API for the audit trail (admins only)."""
from datetime import datetime

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import select

from crm_platform.api.auth import permission_required
from crm_platform.api.pagination import keyset_page
from crm_platform.audit.readable import readable_entries
from crm_platform.models import AuditEntry
from crm_platform.schemas import BaseSchema, QuerySchema, page_schema

blp = Blueprint("audit_api", __name__, description="Who changed what, and when")


class ReadableChangeSchema(BaseSchema):
    """One changed field, labelled, with ids of users, units and customers shown as names."""

    label = fields.Str()
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)


class AuditEntrySchema(BaseSchema):
    """One recorded change: raw (`changes`) and readable (`actor_name`, `readable`)."""

    id = fields.Int()
    actor_id = fields.Int(allow_none=True)
    action = fields.Str()
    entity = fields.Str()
    entity_id = fields.Int()
    summary = fields.Str(allow_none=True)
    changes = fields.Dict()
    created_at = fields.DateTime()
    actor_name = fields.Str(metadata={"description": "the user's name; \"System\" only for the CRM's own work"})
    readable = fields.List(fields.Nested(ReadableChangeSchema))


class AuditQuerySchema(QuerySchema):
    """Filters of the audit trail."""

    entity = fields.Str()
    entity_id = fields.Int()
    actor_id = fields.Int()


def audit_page(args):
    """Newest-first audit entries matching `args`, as (entries, next_cursor)."""
    stmt = select(AuditEntry)
    for key in ("entity", "entity_id", "actor_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(AuditEntry, key) == args[key])
    # Ids are random (opaque_ids.py): creation time orders, the id breaks ties.
    return keyset_page(stmt, [AuditEntry.created_at, AuditEntry.id], True, args.get("cursor"), args.get("limit"),
                       types=[datetime, int])


@blp.route("/audit")
class Audit(MethodView):
    """The audit trail, newest first."""

    @permission_required("audit.view")
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, page_schema(AuditEntrySchema, "AuditPage"))
    def get(self, args):
        """List audit entries, newest first."""
        items, cursor = audit_page(args)
        return {"items": readable_entries(items), "next_cursor": cursor}
