"""Filling a canned reply's placeholders ({customer}, {contact}, {ticket}...) for one ticket and the user replying.

The text is filled by a regular expression that looks each name up in a fixed
table, never by `str.format`: a reply is typed by users, and format would let
`{customer.__class__}` reach into attributes. A name the table lacks stays as typed
and is reported, so the agent sees it before sending.
"""
import re
from typing import NamedTuple

from sqlalchemy import select

from crm_platform.sdk import Contact, Customer, Tenant, current_tenant_id, db, lazy_gettext as _l

PLACEHOLDERS = {
    "customer": _l("the customer's name"),
    "contact": _l("the contact's name (the customer's when the ticket names no contact)"),
    "ticket": _l("the ticket number"),
    "subject": _l("the ticket's subject"),
    "agent": _l("your name"),
    "workspace": _l("the workspace's name"),
}
"""Every placeholder a reply may hold, with what it becomes (shown on the reply form)."""
ALIASES = {"客户": "customer", "联系人": "contact", "工单": "ticket", "工单号": "ticket", "主题": "subject",
           "客服": "agent", "公司": "workspace"}
"""Chinese names of the placeholders, so that a reply typed in Chinese reads naturally: {客户} is {customer}."""
PATTERN = re.compile(r"\{([^{}\s]{1,50})\}")
"""A name in braces: anything but braces and spaces, so {customer.__class__} is found (and refused) whole."""


class RenderedReply(NamedTuple):
    """A reply's text filled for a ticket, and the placeholders it holds that are not known (left as typed)."""

    text: str
    unknown: tuple


def placeholder_values(ticket, user):
    """{placeholder: text} for `ticket` as `user` replies to it (one query per name, made once per ticket page)."""
    customer = db.session.scalar(select(Customer.name).where(Customer.id == ticket.customer_id)) or ""
    contact = None
    if ticket.contact_id is not None:
        contact = db.session.scalar(select(Contact.name).where(Contact.id == ticket.contact_id))
    workspace = db.session.scalar(select(Tenant.name).where(Tenant.id == current_tenant_id())) or ""
    return {"customer": customer, "contact": contact or customer, "ticket": ticket.number,
            "subject": ticket.subject, "agent": user.name, "workspace": workspace}


def fill(text, values):
    """`text` with each known placeholder replaced from `values`; unknown ones kept as typed and listed (in order)."""
    unknown = []

    def replace(match):
        name = ALIASES.get(match.group(1), match.group(1))
        if name in values:
            return values[name]
        if match.group(0) not in unknown:
            unknown.append(match.group(0))
        return match.group(0)

    return RenderedReply(PATTERN.sub(replace, text), tuple(unknown))


def render_reply(reply, ticket, user):
    """The canned `reply` filled for `ticket` as `user` sends it: a RenderedReply (text, unknown placeholders)."""
    return fill(reply.body, placeholder_values(ticket, user))
