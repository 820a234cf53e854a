"""Between HTML pages and the schemas, for quotes and contracts: form input in, field errors out, list pages."""
from flask import render_template, request
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import (
    Customer, User, customer_criterion, customer_manage_criterion, db, field_errors, gettext as _,
)

CHOICES_LIMIT = 500
"""Customers offered in a form's select (the customer's own page links with its id for the rest)."""


def form_values(form, names):
    """The submitted values of the fields `names` (absent fields stay absent)."""
    return {name: form[name] for name in names if name in form}


def schema_input(values, nullable=()):
    """Posted values for a schema: blanks left out, except in `nullable` fields, where a blank clears (None)."""
    cleaned = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    return {key: None if value == "" else value for key, value in cleaned.items() if value != "" or key in nullable}


def attempt(action, refusal=None, field=None):
    """(what `action` returns, {}), or (None, errors by field) after a rollback when the input is refused.

    A `refusal` (an exception class) raised by the action is shown under `field`.
    """
    try:
        return action(), {}
    except ValidationError as error:
        db.session.rollback()
        return None, field_errors(error)
    except refusal or () as error:
        db.session.rollback()
        return None, {field: str(error)}


def customer_choices(user, manage=False):
    """(id, name) of the customers `user` may see (with `manage`, may manage), by name, for a form's select."""
    criterion = customer_manage_criterion(user) if manage else customer_criterion(user)
    rows = db.session.execute(select(Customer.id, Customer.name).where(criterion)
                              .order_by(Customer.name, Customer.id).limit(CHOICES_LIMIT))
    return [(str(row.id), row.name) for row in rows]


def user_choices(criterion=None):
    """(id, name) of the workspace's active users (those `criterion` selects, when given), by name."""
    stmt = select(User.id, User.name).where(User.active.is_(True))
    if criterion is not None:
        stmt = stmt.where(criterion)
    rows = db.session.execute(stmt.order_by(User.name, User.id))
    return [(str(row.id), row.name) for row in rows]


def customer_names(ids):
    """{id: name} of these customers (for a list whose rows the user may already see)."""
    ids = set(ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids)))
    return {row.id: row.name for row in rows}


def list_page(template, query_schema, fetch, filters, context):
    """A list page of one cursor page of `fetch(args)` (`rows`), with `context(rows)`; bad filters are a 400.

    `filters` are the query-string arguments the schema reads; an old or forged
    cursor is a 400 page that says so, like a filter the schema refuses.
    """
    raw = {key: request.args[key].strip() for key in filters if request.args.get(key, "").strip()}
    rows, next_cursor, problem = [], None, None
    try:
        rows, next_cursor = fetch(query_schema.load(raw))
    except ValidationError:
        problem = _("Some filters are not valid.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template(template, rows=rows, next_cursor=next_cursor, problem=problem,
                           filters={key: value for key, value in raw.items() if key != "cursor"},
                           on_later_page="cursor" in raw, customer_names=customer_names(r.customer_id for r in rows),
                           **context(rows))
    return page, 400 if problem else 200
