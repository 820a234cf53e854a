"""Record every create, update and delete of audited models at flush time.

A model opts in with `__audit__ = "<entity name>"` (and may list
`__audit_exclude__` columns such as password hashes). Doing this in the session
rather than in each view means no code path can forget it.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, inspect

from crm_platform.models import AuditEntry
from crm_platform.models.base import utcnow
from crm_platform.tenancy import TenantSession, current_actor_id

_SKIP = {"id", "tenant_id", "created_at", "updated_at"}


def _plain(value):
    """A JSON-safe form of a column value."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _columns(obj):
    excluded = _SKIP | set(getattr(obj, "__audit_exclude__", ()))
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in excluded]


def _snapshot(obj):
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _diff(obj):
    state = inspect(obj)
    changes = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    return changes


def _summary(obj):
    return str(getattr(obj, "name", "") or getattr(obj, "email", "") or "")[:200] or None


@event.listens_for(TenantSession, "before_flush")
def _collect(session, flush_context, instances):
    """Capture what each audited object is about to change, before the flush loses it."""
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if hasattr(obj, "__audit__"):
            pending.append(("create", obj, None))
    for obj in session.dirty:
        if hasattr(obj, "__audit__"):
            changes = _diff(obj)
            if changes:
                pending.append(("update", obj, changes))
    for obj in session.deleted:
        if hasattr(obj, "__audit__"):
            pending.append(("delete", obj, _snapshot(obj)))


@event.listens_for(TenantSession, "after_flush")
def _write(session, flush_context):
    """Insert the audit rows in the same transaction as the change itself."""
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor, now = current_actor_id(), utcnow()
    rows = [
        {
            "tenant_id": obj.tenant_id,
            "actor_id": actor,
            "action": action,
            "entity": obj.__audit__,
            "entity_id": obj.id,
            "summary": _summary(obj),
            "changes": _snapshot(obj) if action == "create" else changes,
            "created_at": now,
        }
        for action, obj, changes in pending
    ]
    # The ORM cannot add objects during a flush; a Core insert on the flush's own
    # connection keeps the trail in the same transaction as the change.
    session.connection().execute(AuditEntry.__table__.insert(), rows)


@event.listens_for(TenantSession, "after_rollback")
def _discard(session):
    """A rolled-back change leaves no audit entry behind."""
    session.info.pop("audit_pending", None)
