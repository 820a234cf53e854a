"""The customer list's lean read path: what the API's list and the pool list return, in one statement per page.

The page's ids are cut first (visibility, search, filters, sort and cursor,
as `queries.py` defines them, on the sort key alone); then, for those rows
only, the same statement reads the columns the schema returns and nothing
else, the owner's name and email by a join and the tags as one sorted JSON
array per row. Custom field values come in one more statement
(with the definitions, when the request has not read them yet), unless the
page's statement found that customers have no custom fields. The rows are
dumped by a `RowDumper` planned from the same schema that documents the answer
(docs/plugins.md, Lists and boards: the lean read path).
"""
from datetime import datetime
from functools import cache

from sqlalchemy import select

from crm_platform.api.pagination import keyset_rows, unfiltered
from crm_platform.api.row_dump import RowDumper
from crm_platform.custom_fields.values import field_count, values_of_records
from crm_platform.customers.queries import NULLABLE_SORTS, SORT_COLUMNS, filtered
from crm_platform.models import Customer, CustomerTag, User
from crm_platform.sql_aggregates import sorted_text_array
from crm_platform.visibility import BoundViewer


def _owner(row):
    return None if row.owner_id is None else {"id": row.owner_id, "name": row.owner_name, "email": row.owner_email}


@cache
def _plan(schema_class):
    """(the SELECT of what `schema_class` dumps, the keys of its columns, its RowDumper), worked out once per schema.

    The SELECT has the Customer columns the schema dumps, the owner's name and
    email, the tags as one sorted JSON array, and how many custom fields customers
    have (none: no statement for their values); each page joins it to its ids.
    """
    schema = schema_class()
    mapped = Customer.__mapper__.columns
    columns = [getattr(Customer, field.attribute or name) for name, field in schema.dump_fields.items()
               if (field.attribute or name) in mapped]
    tags = (select(sorted_text_array(CustomerTag.tag)).where(CustomerTag.customer_id == Customer.id)
            .scalar_subquery().label("tags"))
    statement = select(*columns, User.name.label("owner_name"), User.email.label("owner_email"), tags,
                       field_count("customer").label("custom_field_count"))
    dumper = RowDumper(schema, computed={"owner": _owner, "tags": lambda row: row.tags,
                                         "custom_fields": lambda row: None}, columns=columns)
    return statement, frozenset(column.key for column in columns), dumper


def _joined(statement, extra):
    """Builds the page's statement from `statement` and the page's ids (with `extra` columns, e.g. its sort key)."""
    def around(page):
        return (statement.add_columns(*extra).join_from(page, Customer, Customer.id == page.c.id)
                .outerjoin(User, User.id == Customer.owner_id))
    return around


def customer_rows(user, args, schema_class, pool=False):
    """One page of the customer list (with `pool`, of the pool) as `schema_class` dumps it: (items, next_cursor).

    The page's ids are found first on the sort key alone (an index's columns),
    then only those rows are read whole. The list as opened (no search, no
    filter) is built once per role scope and sort, for a viewer bound at run time.
    """
    statement, dumped, dump = _plan(schema_class)
    sort = args.get("sort") or "name"
    key = sort.lstrip("-")
    column = SORT_COLUMNS.get(key) or getattr(Customer, key)
    keys = [column, Customer.id]
    # Only the list as opened is worth keeping: a search or filter carries its own values (and today's date).
    # Kept statements are built from no arguments at all, so nothing of this request's can stay in one.
    viewer = BoundViewer(user) if unfiltered(args) else None
    rows, next_cursor = keyset_rows(
        lambda: filtered(select(*keys), viewer, {}, pool) if viewer else filtered(select(*keys), user, args, pool),
        keys, descending=sort.startswith("-"),
        cursor=args.get("cursor"), limit=args.get("limit"), types=[str if key in SORT_COLUMNS else datetime, int],
        nullable=key in NULLABLE_SORTS, around=_joined(statement, [c for c in keys if c.key not in dumped]),
        shape=viewer and ("customers", schema_class, pool, key, viewer.shape), params=viewer and viewer.params)
    items = dump(rows)
    if not items:
        return items, next_cursor
    custom = values_of_records("customer", [item["id"] for item in items], rows[0].custom_field_count)
    for item in items:
        item["custom_fields"] = custom[item["id"]]
    return items, next_cursor
