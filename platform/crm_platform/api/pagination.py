"""Keyset (cursor) pagination: pages stay as fast at row 1,000,000 as at row 1."""
import base64
import json
from datetime import date, datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Integer, and_, bindparam, or_, tuple_
from sqlalchemy.util import LRUCache

from crm_platform.extensions import db
from crm_platform.schemas import is_storable
from crm_platform.tenancy import reused, reused_rows
from crm_platform.opaque_ids import MAX_ID

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


# What pages and sorts a list; every other argument searches or filters it.
_PAGING = ("sort", "cursor", "limit")


def unfiltered(args):
    """True when a list's `args` only page and sort it: the list as a user opens it, worth a `shape`."""
    # Absent is None, False (a yes/no filter off) or an empty parsed list or mapping; 0 and "" are
    # values a filter compares with (owner 0, region ""), so a list asked for them is built per request.
    return all(value is None or value is False or (isinstance(value, (list, tuple, dict)) and not value)
               for name, value in args.items() if name not in _PAGING)


def encode_cursor(values):
    """An opaque cursor for the sort key of the last row on a page."""
    plain = [v.isoformat() if isinstance(v, (datetime, date)) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor, n_values):
    """The sort key inside `cursor`; a 400 when it was not made by us."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        abort(400, _("The cursor is not valid; use next_cursor from a previous page."))
    if not isinstance(values, list) or len(values) != n_values:
        abort(400, _("The cursor is not valid; use next_cursor from a previous page."))
    return values


def _typed(values, types):
    """Cursor values converted back to column types; a 400 if any does not fit."""
    try:
        out = []
        for value, kind in zip(values, types):
            if kind is datetime:
                moment = datetime.fromisoformat(value)
                # Far-off years overflow when shifted to UTC for the database.
                if not 1900 <= moment.year <= 2200:
                    raise ValueError
                out.append(moment)
            elif kind is date:
                out.append(date.fromisoformat(value))
            elif isinstance(value, kind) and not isinstance(value, bool) and (kind is not str or is_storable(value)):
                if kind is int and not -MAX_ID - 1 <= value <= MAX_ID:  # int sort keys are ids
                    raise TypeError
                out.append(value)
            else:
                raise TypeError
        return out
    except (TypeError, ValueError):
        abort(400, _("The cursor is not valid; use next_cursor from a previous page."))


def _after_nullable(column, unique, value, last, descending):
    """Rows after (value, last) when (column, unique) is ordered with NULLs last in either direction.

    A tuple comparison with NULL is never true, so the NULL rows are a tail of
    their own, paged by the unique column alone.
    """
    later = unique < last if descending else unique > last
    if value is None:
        return and_(column.is_(None), later)
    past = tuple_(column, unique) < tuple_(value, last) if descending else tuple_(column, unique) > tuple_(value, last)
    return or_(and_(column.is_not(None), past), column.is_(None))


def _cursor_key(cursor, columns, types, nullable):
    """The sort key inside `cursor` as the columns' types (a 400 if it does not fit), or None for the first page."""
    if not cursor:
        return None
    types = types or [int] * len(columns)
    raw = decode_cursor(cursor, len(columns))
    if nullable and raw[0] is None:
        return [None] + _typed(raw[1:], types[1:])
    return _typed(raw, types)


def _key_params(after, size):
    """The bound values of a page: the sort key it starts after ({"keyset_0": value, ...}) and its LIMIT."""
    values = {f"keyset_{i}": value for i, value in enumerate(after or ()) if value is not None}
    return {"keyset_limit": size + 1, **values}


def _page_size(limit):
    return max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))


def _keyset(stmt, columns, descending, after, nullable):
    """`stmt` past the sort key `after`, ordered by `columns` and cut to one row more than a page.

    The key's values and the page's size are bound parameters (`_key_params`),
    not part of the statement, so one statement serves every page of its shape.
    """
    if after is not None:
        bound = [None if value is None else bindparam(f"keyset_{i}", type_=column.type)
                 for i, (column, value) in enumerate(zip(columns, after))]
        if nullable:
            stmt = stmt.where(_after_nullable(*columns, *bound, descending))
        else:
            key = tuple_(*columns)
            stmt = stmt.where(key < tuple_(*bound) if descending else key > tuple_(*bound))
    # One row more than a page says whether there is a next one. Bound, so one statement serves every
    # size, but written into the SQL when it runs: PostgreSQL plans a prepared statement once only if
    # its generic plan looks as cheap as a planned one, and with LIMIT $n it guesses a tenth of the table.
    return stmt.order_by(*_order(columns, descending, nullable)).limit(
        bindparam("keyset_limit", type_=Integer, literal_execute=True))


def _order(columns, descending, nullable):
    order = [c.desc() if descending else c.asc() for c in columns]
    if nullable:
        order[0] = order[0].nulls_last()
    return order


def _page(rows, columns, limit):
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([getattr(rows[-1], c.key) for c in columns]) if more else None
    return rows, next_cursor


def keyset_page(stmt, columns, descending, cursor=None, limit=DEFAULT_LIMIT, types=None, nullable=False):
    """Run `stmt` ordered by `columns` (the last one unique) and return (rows, next_cursor).

    `types` are the Python types of the sort columns (int, str, date or datetime);
    by default every column is an int. With `nullable`, `columns` is (a column
    that may be NULL, a unique one), and NULLs come last in both directions.
    """
    after, size = _cursor_key(cursor, columns, types, nullable), _page_size(limit)
    stmt = _keyset(stmt, columns, descending, after, nullable)
    return _page(list(db.session.scalars(stmt, _key_params(after, size))), columns, size)


# Page statements built once per shape (`keyset_rows(shape=...)`), as bounded as SQLAlchemy's own caches.
_shapes = LRUCache(500)


def keyset_rows(stmt, columns, descending, cursor=None, limit=DEFAULT_LIMIT, types=None, nullable=False,
                around=None, shape=None, params=None):
    """`keyset_page` for a SELECT of columns (each labelled by its key): (Rows, next_cursor).

    With `around(page)`, the page is first cut as a subquery and `around` builds
    the statement that runs on it (joins, aggregates, per-row subqueries), so the
    database does that work for the page's rows only, never for every match it
    had to sort; it is ordered again by the same keys.

    `stmt` may be a function that builds the SELECT. With `shape`, the page's
    statement is built once per `shape` (plus direction and the cursor's presence)
    and reused: every value that differs between requests of one shape must be a
    bound parameter, given in `params` (the cursor's are added here). Building a
    statement costs a list as much as running it (bench/README.md).
    """
    after, size = _cursor_key(cursor, columns, types, nullable), _page_size(limit)
    key = shape and (shape, descending, nullable, after is None, bool(after) and after[0] is None)
    statement = _shapes.get(key) if key else None
    if statement is None:
        statement = _keyset(stmt() if callable(stmt) else stmt, columns, descending, after, nullable)
        if around is not None:
            page = statement.subquery("page")
            statement = around(page).order_by(*_order([page.c[c.key] for c in columns], descending, nullable))
        if key:
            statement = _shapes.setdefault(key, reused(statement))
    values = {**(params or {}), **_key_params(after, size)}
    rows = reused_rows(statement, values) if key else db.session.execute(statement, values).all()
    return _page(rows, columns, size)
