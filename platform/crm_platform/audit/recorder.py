"""Record every create, update and delete of audited models, in the same transaction.

A model opts in with `__audit__ = "<entity name>"` (and may list
`__audit_exclude__` columns such as password hashes). Doing this in the session
rather than in each view means no code path can forget it.
"""
from datetime import date, datetime
from functools import lru_cache
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
    return _audited_columns(type(obj))


@lru_cache(maxsize=None)
def _audited_columns(model):
    """The audited column attributes of `model`, in mapping order (a class's columns do not change)."""
    excluded = _SKIP | set(getattr(model, "__audit_exclude__", ()))
    return tuple(a.key for a in inspect(model).column_attrs if a.key not in excluded)


def _snapshot(obj):
    values = {key: _plain(getattr(obj, key)) for key in _columns(obj)}
    if hasattr(obj, "audit_extra"):
        values.update({key: now for key, (before, now) in obj.audit_extra().items()})
    return values


def _diff(obj):
    state = inspect(obj)
    changes = {}
    # Only attributes set since the object was loaded can have history: SQLAlchemy keeps their
    # old values in committed_state. Asking every column's history costs a batch of 1,000 tasks seconds.
    touched = state.committed_state
    for key in _columns(obj):
        if key not in touched:
            continue
        history = state.attrs[key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    if hasattr(obj, "audit_extra"):
        for key, (before, now) in obj.audit_extra(pop=True).items():
            if before != now:
                changes[key] = [before, now]
    return changes


def _summary(obj):
    return _summary_of(getattr(obj, "name", ""), getattr(obj, "email", ""))


def _summary_of(name, email):
    return str(name or email or "")[:200] or None


@event.listens_for(TenantSession, "before_flush")
def _collect(session, flush_context, instances):
    """Capture what each audited object is about to change, before the flush loses it."""
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if hasattr(obj, "__audit__"):
            if hasattr(obj, "audit_extra"):
                obj.audit_extra(pop=True)  # a new record's snapshot has no "before"
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
def _resolve(session, flush_context):
    """Turn this flush's changes into entries, merged per record for the transaction.

    A record created and then completed in a second flush (an org unit gets its
    path once its id is known) is one "create"; two updates are one "update";
    created then deleted leaves nothing.
    """
    pending = session.info.pop("audit_pending", [])
    entries = session.info.setdefault("audit_entries", {})
    actor = current_actor_id()
    for action, obj, changes in pending:
        key = (obj.__audit__, obj.id)
        entry = entries.get(key)
        if entry is None:
            entries[key] = {
                "tenant_id": obj.tenant_id, "actor_id": actor, "action": action,
                "entity": obj.__audit__, "entity_id": obj.id, "summary": _summary(obj),
                "changes": _snapshot(obj) if action == "create" else changes,
            }
        elif action == "delete":
            if entry["action"] == "create":
                del entries[key]
            else:
                entry.update(action="delete", changes=changes)
        elif entry["action"] == "create":
            entry["changes"].update({field: new for field, (old, new) in changes.items()})
            entry["summary"] = _summary(obj)
        else:
            for field, (old, new) in changes.items():
                first_old = entry["changes"].get(field, [old])[0]
                entry["changes"][field] = [first_old, new]


@event.listens_for(TenantSession, "before_commit")
def _write(session):
    """Insert the transaction's audit rows just before it commits, in the same transaction."""
    session.flush()
    entries = session.info.pop("audit_entries", {})
    if not entries:
        return
    now = utcnow()
    # A change flushed before its actor existed (a signup's first unit and user) is the committing user's.
    actor = current_actor_id()
    for entry in entries.values():
        if entry["actor_id"] is None:
            entry["actor_id"] = actor
    rows = [dict(entry, created_at=now) for entry in entries.values()
            if entry["action"] != "update" or any(old != new for old, new in entry["changes"].values())]
    if rows:
        # A Core insert on the session's own connection: no ORM objects are
        # added while the transaction is being committed.
        session.connection().execute(AuditEntry.__table__.insert(), rows)


@event.listens_for(TenantSession, "after_rollback")
def _discard(session):
    """A rolled-back change leaves no audit entry behind."""
    session.info.pop("audit_pending", None)
    session.info.pop("audit_entries", None)


def add_created(model, row, extra):
    """Audit `row`, inserted into `model`'s table by a set-based INSERT rather than a flush, as the flush would have.

    `row` holds every audited column's value as inserted (id and tenant_id
    included); `extra` the audited values that are not columns ({"tags": [...]}),
    as the model's `audit_extra` gives them. The entry is written at the commit
    with the transaction's others.
    """
    from crm_platform.extensions import db

    values = {key: _plain(row[key]) for key in _audited_columns(model)}
    values.update({key: _plain(value) for key, value in extra.items()})
    db.session.info.setdefault("audit_entries", {})[(model.__audit__, row["id"])] = {
        "tenant_id": row["tenant_id"], "actor_id": current_actor_id(), "action": "create", "entity": model.__audit__,
        "entity_id": row["id"], "summary": _summary_of(row.get("name"), row.get("email")), "changes": values}


def add_changes(obj, changes):
    """Add {field: [old, new]} kept outside `obj`'s columns (custom field values) to its entry of this transaction."""
    from crm_platform.extensions import db

    entries = db.session.info.setdefault("audit_entries", {})
    plain = {field: [_plain(old), _plain(new)] for field, (old, new) in changes.items()}
    entry = entries.get((obj.__audit__, obj.id))
    if entry is None:
        entries[(obj.__audit__, obj.id)] = {
            "tenant_id": obj.tenant_id, "actor_id": current_actor_id(), "action": "update",
            "entity": obj.__audit__, "entity_id": obj.id, "summary": _summary(obj), "changes": plain}
    elif entry["action"] == "create":
        entry["changes"].update({field: new for field, (old, new) in plain.items()})
    elif entry["action"] == "update":
        for field, (old, new) in plain.items():
            entry["changes"][field] = [entry["changes"].get(field, [old])[0], new]
