"""The lean read path of the tickets API's list: a page of the schema's columns in one statement.

The customer list's pattern (docs/plugins.md, Lists and boards: the lean read
path): the page selects the columns `ServiceTicketSchema` dumps and nothing
else, with the visibility, queue view, filters and order of service.py, and a
`RowDumper` made once from the same schema, which still documents the answer,
dumps the rows. A ticket in the list carries no relation, so the page is read
whole at once.
"""
from datetime import datetime
from functools import cache

from crm_platform.sdk import RowDumper, keyset_rows

from plugins.service_support.models import Ticket
from plugins.service_support.tickets.schemas import ServiceTicketSchema
from plugins.service_support.tickets.service import filtered, list_order


@cache
def _plan():
    """(the columns ServiceTicketSchema dumps, its RowDumper), worked out once."""
    schema = ServiceTicketSchema()
    columns = [getattr(Ticket, field.attribute or name) for name, field in schema.dump_fields.items()]
    return columns, RowDumper(schema, columns=columns)


def ticket_rows(user, args):
    """`service.ticket_page` as the API answers it: (the page's dumped tickets, next_cursor)."""
    columns, dump = _plan()
    keys, descending, nullable = list_order(args)
    rows, next_cursor = keyset_rows(filtered(user, args, *columns), keys, descending, args.get("cursor"),
                                    args["limit"], types=[datetime, int], nullable=nullable)
    return dump(rows), next_cursor
