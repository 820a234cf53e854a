"""A chunk's new customers in set-based statements: the customers, their tags, custom field values and audit entries.

Added to the session one by one, every new customer is an object the unit of
work flushes with its tag objects, and every query the next row makes (the
workspace's regions, an owner) flushes the row before it: a statement or two
per customer. Here a customer is a row of what `new_customer` would set
(customers/service.py), with the model's column defaults and the keys its
validators would derive (`customer_keys`), and the chunk's rows go into one
INSERT, then one for their tags and one for their custom field values. Each
customer gets the audit entry a flush would have given it (audit/recorder.py)
and its care reminder at the commit (reminders/care_sync.py), so nothing
downstream can tell the two paths apart.
"""
from functools import lru_cache

from sqlalchemy import insert
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from crm_platform.audit.recorder import add_created
from crm_platform.custom_fields import values as custom_values
from crm_platform.customers.service import new_customer_fields
from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerTag
from crm_platform.models.customer_keys import customer_keys
from crm_platform.models.customers import tag_list
from crm_platform.reminders.care_sync import created_without_flush
from crm_platform.tenancy import current_tenant_id

# Stamped by the model's defaults on each row as the INSERT runs; no other column is left to them.
_STAMPED = ("created_at", "updated_at")
# What a persistent Customer for an inserted row carries without a query: its identity and what care reminders read.
_KEPT = ("id", "tenant_id", "kind", "owner_id", "care_date")


@lru_cache(maxsize=None)
def _defaults():
    """{column: scalar default or None} of every column a new customer's row names, and those with a callable default."""
    scalars, callables = {}, []
    for column in Customer.__table__.columns:
        if column.key in _STAMPED:
            continue
        default = column.default
        if default is not None and default.is_callable:
            callables.append(column.key)
        scalars[column.key] = default.arg if default is not None and default.is_scalar else None
    return scalars, tuple(callables)


def _row(actor, data, tenant_id):
    """The customers row of validated `data`: new_customer's fields over the model's defaults, with their keys."""
    fields = new_customer_fields(actor, data)
    scalars, callables = _defaults()
    row = {**scalars, **fields, **customer_keys(fields), "tenant_id": tenant_id}
    for key in callables:  # the random id, the assignment time: what the model's defaults would give
        if row[key] is None:
            row[key] = Customer.__table__.c[key].default.arg(None)
    return row


def _as_loaded(row):
    """The inserted `row` as a persistent Customer, as if just loaded (no query): what the events and later rows need.

    Only the columns the care reminders read are set; the others load when
    first read (after the chunk's commit they would reload anyway).
    """
    customer = Customer()
    for key in _KEPT:
        set_committed_value(customer, key, row[key])
    make_transient_to_detached(customer)
    db.session.add(customer)
    return customer


def insert_customers(actor, datas):
    """Insert customers made of validated `datas` (as new_customer takes them), no commit; returns them in order.

    They come back as persistent Customers, for the events and for rows later
    in the chunk that update one of them.
    """
    if not datas:
        return []
    tenant_id = current_tenant_id()
    rows = [_row(actor, data, tenant_id) for data in datas]
    # An executemany: ids are random and made here, so there is nothing to return (on PostgreSQL,
    # psycopg pipelines it; insertmanyvalues' RETURNING measured 3-4 times slower, see bench/README.md).
    # render_nulls: every row names the same columns, so the chunk is one statement (the ORM's bulk
    # INSERT would otherwise leave each row's None values out and group the rows by what is left).
    db.session.execute(insert(Customer).execution_options(render_nulls=True), rows)
    tags = [tag_list(data.get("tags") or []) for data in datas]
    tag_rows = [{"tenant_id": tenant_id, "customer_id": row["id"], "tag": tag}
                for row, names in zip(rows, tags) for tag in names]
    if tag_rows:
        db.session.execute(insert(CustomerTag), tag_rows)
    custom = {row["id"]: custom_values.complete("customer", data.get("custom_fields") or {})
              for row, data in zip(rows, datas)}
    custom_values.write_new("customer", custom)
    for row, names in zip(rows, tags):
        add_created(Customer, row, {"tags": names, **{f"cf_{key}": value for key, value in custom[row["id"]].items()}})
    customers = [_as_loaded(row) for row in rows]
    created_without_flush(db.session, customers)
    return customers
