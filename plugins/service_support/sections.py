"""What the features add to the ticket page, gathered from each feature's hooks.py like the module's hooks.

A feature's hooks.py may define:
- `ticket_sections(ticket, user)`: a list of `TicketSection` (the SLA clocks, the
  return visit and survey, dispatch...), shown beside the conversation;
- `reply_tools(ticket, user)`: a list of Markup shown under the reply box (canned
  replies, knowledge base search);
- `reply_prefill(ticket, user, args)`: a list of texts the reply box may start with,
  from the page's query arguments (the canned reply picker without JavaScript).
The ticket page calls `for_ticket`; nothing here imports the page, so the features
stay independent of each other.
"""
from dataclasses import dataclass

from crm_platform.sdk import Markup


@dataclass(frozen=True)
class TicketSection:
    """A titled block of HTML on the ticket page; lower `order` first."""

    title: str
    html: Markup
    order: int = 50


def for_ticket(ticket, user):
    """The sections and reply tools every feature gives `ticket` as `user` sees it: (sections, tools)."""
    from plugins.service_support.plugin import FEATURES  # the plugin module imports the features' views

    sections = sorted(FEATURES.gather("ticket_sections", ticket, user), key=lambda section: section.order)
    return sections, FEATURES.gather("reply_tools", ticket, user)


def reply_prefill(ticket, user, args):
    """The text the ticket page's reply box starts with for its query `args` (the first a feature offers), or None."""
    from plugins.service_support.plugin import FEATURES

    return next(iter(FEATURES.gather("reply_prefill", ticket, user, args)), None)
