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
from sqlalchemy import ColumnClause, ForeignKey, Table, bindparam, event
from sqlalchemy.orm import Mapper, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.util import LRUCache

from crm_platform.opaque_ids import install as install_opaque_ids

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

    @declared_attr.directive
    def __mapper_args__(cls):
        """The unit of work's UPDATE and DELETE name the row's tenant, not only its id.

        SQLAlchemy adds a version column to the WHERE of every UPDATE and DELETE
        it flushes; `tenant_id`, which never changes (and is never generated),
        serves as one, so a tenant-routed cluster can send them to one shard.
        """
        return {"version_id_col": cls.tenant_id, "version_id_generator": False}


# Random ids for every tenant-owned model's new rows (see opaque_ids.py).
install_opaque_ids(TenantScoped)


def current_tenant_id():
    """Return the tenant id in scope, or None."""
    return _tenant.get()


def current_tenant_param():
    """A bound parameter worth the tenant in scope when its statement runs (it raises with none).

    For SQL fixed at mapping time, which loader criteria never reach (a
    `column_property` subquery): `Vote.tenant_id == current_tenant_param()` pins
    it to the reader's tenant, so a tenant-routed cluster can send it to one shard.
    """
    return bindparam("current_tenant_id", callable_=_required_tenant_id, unique=True)


def _required_tenant_id():
    tenant_id = _tenant.get()
    if tenant_id is None:
        raise TenantScopeError("a statement pinned to the current tenant ran with no tenant in scope")
    return tenant_id


def current_actor_id():
    """Return the id of the user acting in this request or job, or None."""
    return _actor.get()


def is_unscoped():
    """True inside an `unscoped(...)` block, where queries are not filtered by tenant."""
    return _unscoped.get() is not None


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
def unscoped(reason, routine=False):
    """The one escape hatch: run a block with tenant scoping off, logged with `reason`.

    Operator work is logged at INFO on the `crm.tenancy` logger; `routine`
    look-ups that every request makes (resolving a token to its tenant) at DEBUG,
    so the log shows the exceptional uses without drowning them.
    """
    log.log(logging.DEBUG if routine else logging.INFO, "unscoped access: %s", reason)
    token = _unscoped.set(reason)
    try:
        yield
    finally:
        _unscoped.reset(token)


def _tenant_tables_used(statement):
    """Tenant tables a statement reads or writes anywhere (subqueries, EXISTS, CTEs, unions).

    Returns (names reached through mapped classes, names reached as plain Core
    tables or columns). Loader criteria filter the first kind only; a table of
    the second kind alone would go unfiltered.
    """
    # Statements of the same shape reach the same tables: SQLAlchemy's cache key (memoized on the
    # statement, reused to compile it) says whether a statement has been walked before.
    cache_key = statement._generate_cache_key()
    if cache_key is not None and cache_key.key in _walked:
        return _walked[cache_key.key]
    scoped = _tenant_tables()
    orm, core = set(), set()
    for element in visitors.iterate(statement):
        annotations = getattr(element, "_annotations", None) or {}
        entity = annotations.get("parententity") or annotations.get("parentmapper")
        if entity is not None:
            if entity.mapper.local_table.name in scoped:
                orm.add(entity.mapper.local_table.name)
        elif isinstance(element, (Table, ColumnClause)):
            table = element if isinstance(element, Table) else getattr(element, "table", None)
            if getattr(table, "name", None) in scoped:
                core.add(table.name)
    if cache_key is not None:
        _walked[cache_key.key] = (frozenset(orm), frozenset(core))
    return orm, core


# (ORM tables, Core tables) of the statement shapes walked so far, by cache key; as bounded as SQLAlchemy's own.
_walked = LRUCache(500)


_known_tenant_tables = None


def _tenant_tables():
    global _known_tenant_tables
    if _known_tenant_tables is None:  # worked out once, not on every statement (forgotten when a model is added)
        from crm_platform.extensions import db

        _known_tenant_tables = frozenset(m.local_table.name for m in db.Model.registry.mappers
                                         if issubclass(m.class_, TenantScoped))
    return _known_tenant_tables


@event.listens_for(Mapper, "after_mapper_constructed")
def _forget_tenant_tables(mapper, class_):
    """A new model (a plugin's, a test's) may be tenant-owned: work the tables out again."""
    global _known_tenant_tables
    _known_tenant_tables = None
    _walked.clear()
    _scoped_twins.clear()


def reused(statement):
    """Mark `statement` as built once and run many times: the session keeps its tenant-filtered twin per tenant.

    Adding the tenant's criteria makes a new statement, whose SQLAlchemy cache
    key would be worked out again on every run (a walk of the whole statement);
    the twin keeps its key. Only for SELECTs of columns whose values are all
    bound parameters given at execution (`keyset_rows(shape=...)`); run them
    with `reused_rows`.
    """
    entities = [d["name"] for d in statement.column_descriptions if d.get("entity") is d.get("expr")]
    if entities:
        raise TypeError(f"a reused statement selects columns, not whole entities ({', '.join(map(str, entities))})")
    return statement.execution_options(crm_reused=True)


def reused_rows(statement, params):
    """The rows of a `reused` SELECT of columns: its tenant-filtered twin run on the session's connection.

    The same guards as every ORM statement's (`_add_tenant_criteria`). The twin
    is one per statement: its tenant is a bound parameter set here from the
    context, after the caller's, so no caller can name another. The twin runs
    as Core: for plain columns the ORM's result machinery only repackages rows,
    and it cost a 50-row page a fifth of its time (bench/README.md).
    """
    from crm_platform.extensions import db

    if not statement.get_execution_options().get("crm_reused"):
        raise TypeError("reused_rows runs statements marked by reused() only")
    session = db.session
    if session.autoflush:
        session.flush()  # as the ORM would before a query: the page sees this request's own writes
    if not _unscoped.get():
        orm_tables, core_tables = _tenant_tables_used(statement)
        if core_tables - orm_tables:
            raise TenantScopeError("Core tables of tenant tables inside an ORM statement bypass scoping")
        if orm_tables:
            tenant_id = _tenant.get()
            if tenant_id is None:
                raise TenantScopeError("query on tenant-owned data with no tenant in scope")
            statement, params = _scoped_twin(statement), {**params, TENANT_PARAMETER: tenant_id}
    return session.connection().execute(statement, params).all()


# The bound parameter carrying the tenant in the twins of `reused` statements.
TENANT_PARAMETER = "crm_tenant_id"
# statement -> its twin with `tenant_id = :crm_tenant_id` on every tenant table, for `reused` statements only.
_scoped_twins = LRUCache(500)


def _scoped_twin(statement):
    """A `reused` statement with `tenant_id = :crm_tenant_id` on every tenant table it reaches (made once)."""
    scoped = _scoped_twins.get(statement)
    if scoped is None:
        scoped = _scoped_twins[statement] = statement.options(with_loader_criteria(
            # The name is written out: SQLAlchemy would track a variable's value as a parameter of its own.
            TenantScoped, lambda cls: cls.tenant_id == bindparam("crm_tenant_id"), include_aliases=True))
    return scoped


def _with_tenant_criteria(statement, tenant_id):
    """`statement` with `tenant_id = <tenant>` on every tenant table it reaches.

    Applied to the whole statement, so subqueries, EXISTS, CTEs and unions are
    filtered too, not only the entities of the outermost SELECT.
    """
    return statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True))


class TenantSession(FlaskSQLAlchemySession):
    """Session that refuses to hand out another tenant's object from its identity map."""

    def _get_impl(self, entity, primary_key_identity, db_load_fn, **kw):
        """Under get(), get_one() and the legacy Query.get(): another tenant's row is missing."""
        obj = super()._get_impl(entity, primary_key_identity, db_load_fn, **kw)
        if obj is None or not isinstance(obj, TenantScoped) or _unscoped.get():
            return obj
        tenant_id = _tenant.get()
        if tenant_id is None:
            raise TenantScopeError(f"get({type(obj).__name__}) with no tenant in scope")
        return obj if obj.tenant_id == tenant_id else None


@event.listens_for(TenantSession, "do_orm_execute")
def _add_tenant_criteria(state):
    """Add the tenant filter to every ORM statement; refuse raw SQL on tenant tables."""
    if _unscoped.get():
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        raise TenantScopeError("raw text() SQL is not allowed in tenant code; use the ORM or unscoped()")
    orm_tables, core_tables = _tenant_tables_used(statement)
    if not state.is_orm_statement and core_tables - orm_tables:
        raise TenantScopeError("Core statements on tenant tables bypass scoping; use the ORM")
    if not (orm_tables or core_tables):
        return
    tenant_id = _tenant.get()
    if tenant_id is None:
        raise TenantScopeError("query on tenant-owned data with no tenant in scope")
    if core_tables - orm_tables:
        raise TenantScopeError("Core tables of tenant tables inside an ORM statement bypass scoping")
    if state.is_insert:
        state.statement = _scoped_insert(statement, state.parameters, tenant_id)
        return
    if state.is_update and "tenant_id" in _value_keys(statement):
        raise TenantScopeError("a row's tenant never changes")
    if state.is_column_load:
        # SQLAlchemy leaves loader criteria out of an expired object's refresh;
        # the tenant is added by hand so the refresh reaches one shard
        # (docs/architecture.md, Routing by tenant), and another tenant's object
        # refreshes as deleted.
        state.statement = statement.where(*(
            mapper.class_.tenant_id == tenant_id for mapper in state.all_mappers
            if issubclass(mapper.class_, TenantScoped)))
        return
    state.statement = _with_tenant_criteria(statement, tenant_id)


def _value_keys(statement):
    """Column names set by an INSERT's or UPDATE's `.values()`."""
    return {getattr(key, "key", key) for key in (getattr(statement, "_values", None) or {})}


def _scoped_insert(statement, params, tenant_id):
    """Give ORM inserts the current tenant and refuse rows for another."""
    if getattr(statement, "select", None) is not None or getattr(statement, "_multi_values", ()):
        raise TenantScopeError("INSERT ... SELECT and multi-row .values() cannot be scoped; pass a list of rows")
    _check_insert_params(params, tenant_id)
    values = getattr(statement, "_values", None) or {}
    for key, value in values.items():
        if getattr(key, "key", key) == "tenant_id":
            if getattr(value, "value", None) != tenant_id:
                raise TenantScopeError("insert into another tenant")
            return statement
    if values:
        return statement.values(tenant_id=tenant_id)
    return statement


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
