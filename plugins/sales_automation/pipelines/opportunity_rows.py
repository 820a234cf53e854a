"""The opportunity list API's lean read path: a page in one statement, dumped by a plan of its schema.

The customer list's pattern (docs/plugins.md, Lists and boards: the lean read
path): the statement selects the columns `SalesOpportunitySchema` dumps and
nothing else, with the list view's visibility, filters, order and cursor
(board.py), and a `RowDumper` made once from the same schema, which still
documents the answer, dumps the rows. An opportunity has no to-many relation
the list returns, so the page is read whole at once, with no second step.
"""
from functools import cache

from crm_platform.sdk import RowDumper, keyset_rows

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines.board import SORTS, visible
from plugins.sales_automation.pipelines.schemas import SalesOpportunitySchema


@cache
def _plan():
    """(the Opportunity columns the schema dumps, its RowDumper), worked out once."""
    schema = SalesOpportunitySchema()
    columns = [getattr(Opportunity, field.attribute or name) for name, field in schema.dump_fields.items()]
    return columns, RowDumper(schema)


def opportunity_rows(user, pipeline_id, filters, sort="-stage_entered_at", cursor=None, limit=50):
    """`board.list_page` as the API answers it: (the page's dumped items, next_cursor)."""
    columns, dump = _plan()
    keys, descending, types, nullable = SORTS[sort]
    rows, next_cursor = keyset_rows(visible(user, pipeline_id, filters, *columns), keys, descending, cursor, limit,
                                    types=types, nullable=nullable)
    return dump(rows), next_cursor
