"""Tenant scoping: the current tenant, the TenantScoped mixin and the ORM guards.

Every query on a TenantScoped model gets `tenant_id = <current tenant>` added by
the session (fails closed: with no tenant set it raises). New rows take their
tenant from the context. The only way around this is `unscoped(reason)`, which is
named, logged and meant for authentication look-ups and operator work.
"""
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.sql.elements import TextClause

log = logging.getLogger("crm.tenancy")

_tenant: ContextVar[int | None] = ContextVar("crm_tenant", default=None)
_actor: ContextVar[int | None] = ContextVar("crm_actor", default=None)
_unscoped: ContextVar[str | None] = ContextVar("crm_unscoped", default=None)


class TenantScopeError(RuntimeError):
    """Tenant-owned data was touched with no tenant in scope, or across tenants."""


class TenantScoped:
    """Mixin for tenant-owned models: adds `tenant_id` and opts into scoping."""

    @declared_attr
    def tenant_id(cls):
        """The owning tenant; leading column of every index on the table."""
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)


def current_tenant_id():
    """Return the tenant id in scope, or None."""
    return _tenant.get()


def current_actor_id():
    """Return the id of the user acting in this request or job, or None."""
    return _actor.get()


def set_scope(tenant_id, actor_id=None):
    """Enter a tenant scope for the rest of this request; `clear_scope` ends it."""
    _tenant.set(tenant_id)
    _actor.set(actor_id)


def clear_scope():
    """Leave any tenant scope (called when a request or job ends)."""
    _tenant.set(None)
    _actor.set(None)


@contextmanager
def tenant_scope(tenant_id, actor_id=None):
    """Run a block inside one tenant's scope (jobs, CLI, tests)."""
    tokens = (_tenant.set(tenant_id), _actor.set(actor_id))
    try:
        yield
    finally:
        _tenant.reset(tokens[0])
        _actor.reset(tokens[1])


@contextmanager
def unscoped(reason):
    """The one escape hatch: run a block with tenant scoping off, logged with `reason`."""
    log.debug("unscoped access: %s", reason)
    token = _unscoped.set(reason)
    try:
        yield
    finally:
        _unscoped.reset(token)


def _touches_tenant_tables(statement):
    """True when a Core statement reads or writes any tenant-owned table."""
    tables = getattr(statement, "get_final_froms", None)
    froms = tables() if tables else [getattr(statement, "table", None)]
    scoped = _tenant_tables()
    return any(getattr(t, "name", None) in scoped for t in froms)


def _tenant_tables():
    from crm_platform.extensions import db

    return {m.local_table.name for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)}


def _is_tenant_mapper(mapper):
    return mapper is not None and issubclass(mapper.class_, TenantScoped)


class TenantSession(FlaskSQLAlchemySession):
    """Session that refuses to hand out another tenant's object from its identity map."""

    def get(self, entity, ident, **kw):
        """Like Session.get, but another tenant's row is reported as missing."""
        obj = super().get(entity, ident, **kw)
        if obj is None or not isinstance(obj, TenantScoped) or _unscoped.get():
            return obj
        tenant_id = _tenant.get()
        if tenant_id is None:
            raise TenantScopeError(f"get({entity.__name__}) with no tenant in scope")
        return obj if obj.tenant_id == tenant_id else None


@event.listens_for(TenantSession, "do_orm_execute")
def _add_tenant_criteria(state):
    """Add the tenant filter to every ORM statement; refuse raw SQL on tenant tables."""
    if _unscoped.get():
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        raise TenantScopeError("raw text() SQL is not allowed in tenant code; use the ORM or unscoped()")
    if not state.is_orm_statement:
        if _touches_tenant_tables(statement):
            raise TenantScopeError("Core statements on tenant tables bypass scoping; use the ORM")
        return
    mappers = list(state.all_mappers) if state.is_select else [state.bind_mapper]
    if not any(_is_tenant_mapper(m) for m in mappers):
        return
    tenant_id = _tenant.get()
    if tenant_id is None:
        raise TenantScopeError("query on tenant-owned data with no tenant in scope")
    if state.is_insert:
        _check_insert_params(state.parameters, tenant_id)
        return
    if state.is_column_load:
        return
    state.statement = statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    )


def _check_insert_params(params, tenant_id):
    """Give bulk ORM inserts the current tenant and refuse rows for another."""
    rows = params if isinstance(params, list) else [params] if params else []
    for row in rows:
        if row.setdefault("tenant_id", tenant_id) != tenant_id:
            raise TenantScopeError("insert into another tenant")


@event.listens_for(TenantSession, "before_flush")
def _stamp_and_check_tenant(session, flush_context, instances):
    """New rows take the current tenant; no flush may write another tenant's rows."""
    if _unscoped.get():
        return
    tenant_id = _tenant.get()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if tenant_id is None:
            raise TenantScopeError(f"new {type(obj).__name__} with no tenant in scope")
        if obj.tenant_id is None:
            obj.tenant_id = tenant_id
        elif obj.tenant_id != tenant_id:
            raise TenantScopeError(f"new {type(obj).__name__} for another tenant")
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise TenantScopeError(f"write to {type(obj).__name__} of another tenant")
