"""What the knowledge base and canned replies feature adds: its menu entry and the tools under the reply box.

Articles and replies hang off nobody's customer, so a merge of customers leaves them as they are.
"""
from flask import render_template

from crm_platform.sdk import Markup, MenuItem, lazy_gettext as _l

from plugins.service_support.knowledge.placeholders import fill, placeholder_values
from plugins.service_support.knowledge.service import prefill_reply, replies_for


def menu_items(user):
    """The knowledge base (and from it the canned replies) in the main menu, for everyone signed in."""
    return [MenuItem(_l("Knowledge base"), "service_knowledge.index")]


def reply_tools(ticket, user):
    """Under the ticket's reply box: the canned replies `user` may use, filled for `ticket`, and a knowledge search."""
    values = placeholder_values(ticket, user)
    replies = [(reply, fill(reply.body, values)) for reply in replies_for(user)]
    return [Markup(render_template("service_support/knowledge/_reply_tools.html", ticket=ticket, replies=replies))]


def reply_prefill(ticket, user, args):
    """The canned reply `?canned=<id>` filled for `ticket`, for the reply box of a page loaded without JavaScript."""
    text = prefill_reply(ticket, user, args)
    return [text] if text is not None else []
