"""The lean read paths of the opportunity list API and of a board column's cards: a page in one statement.

The customer list's pattern (docs/plugins.md, Lists and boards: the lean read
path): each statement selects the columns its schema dumps and nothing else,
with the visibility, filters, order and cursor of board.py, and a `RowDumper`
made once from the same schema, which still documents the answer, dumps the
rows. The list returns no relation, so its page is read whole at once; a card
shows its customer's and owner's names, joined to the page's rows only.
"""
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select

from crm_platform.sdk import BoundViewer, Customer, RowDumper, User, keyset_rows, unfiltered

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines.board import COLUMN_PAGE, SORTS, visible
from plugins.sales_automation.pipelines.schemas import SalesCardSchema, SalesOpportunitySchema

_NAMES = {"customer_name": Customer.name.label("customer_name"), "owner_name": User.name.label("owner_name")}


@cache
def _plan(schema_class):
    """(the columns `schema_class` dumps, names joined in by label, its RowDumper), worked out once per schema."""
    schema = schema_class()
    columns = [_NAMES[name] if name in _NAMES else getattr(Opportunity, field.attribute or name)
               for name, field in schema.dump_fields.items()]
    return columns, RowDumper(schema, columns=columns)


def _visible(user, pipeline_id, filters, columns, shape, **ids):
    """`keyset_rows`' (stmt, shape, params) for `visible`: built per request, or once per shape when unfiltered.

    `ids` are further equality filters (the stage of a column), bound like
    the pipeline when the statement is reused.
    """
    # The pipeline is bound below: naming it (as the list's query string does) filters nothing more.
    if not unfiltered({key: value for key, value in filters.items() if key != "pipeline_id"}):
        return (lambda: visible(user, pipeline_id, {**filters, **ids}, *columns)), None, None
    viewer = BoundViewer(user)
    # Typed as the id columns (BIGINT): ids are random up to 2**53, and PostgreSQL casts each parameter.
    bound = {name: bindparam(f"board_{name}", type_=getattr(Opportunity, name).type) for name in ("pipeline_id", *ids)}
    params = {**viewer.params, "board_pipeline_id": pipeline_id, **{f"board_{name}": v for name, v in ids.items()}}
    return ((lambda: visible(viewer, bound["pipeline_id"], {name: bound[name] for name in ids}, *columns)),
            (*shape, viewer.shape), params)


def opportunity_rows(user, pipeline_id, filters, sort="-stage_entered_at", cursor=None, limit=50):
    """`board.list_page` as the API answers it: (the page's dumped items, next_cursor)."""
    columns, dump = _plan(SalesOpportunitySchema)
    keys, descending, types, nullable = SORTS[sort]
    stmt, shape, params = _visible(user, pipeline_id, filters, columns, ("sales-opportunities", sort))
    rows, next_cursor = keyset_rows(stmt, keys, descending, cursor, limit, types=types, nullable=nullable,
                                    shape=shape, params=params)
    return dump(rows), next_cursor


def card_rows(user, pipeline_id, stage_id, filters, cursor=None, limit=COLUMN_PAGE):
    """`board.column_page` as the API's cards: (the page's dumped cards, next_cursor)."""
    columns, dump = _plan(SalesCardSchema)
    keys = [Opportunity.stage_entered_at, Opportunity.id]

    def around(page):
        return (select(*columns).join_from(page, Opportunity, Opportunity.id == page.c.id)
                .outerjoin(Customer, Customer.id == Opportunity.customer_id)
                .outerjoin(User, User.id == Opportunity.owner_id))

    stmt, shape, params = _visible(user, pipeline_id, filters, keys, ("sales-cards",), stage_id=stage_id)
    rows, next_cursor = keyset_rows(stmt, keys, True, cursor, limit, types=[datetime, int], around=around,
                                    shape=shape, params=params)
    return dump(rows), next_cursor
