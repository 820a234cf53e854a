"""How the module's pages, API and widgets read figures: only those of customers the viewer may see.

Every count, sum, list and chart starts from `visible_scores(user)` (or filters
Snapshot rows with `visible_customer_ids(user)`), so a rep's pyramid counts their
own customers (and those shared with them), a manager's their unit subtree's and
an executive's everyone's, by the core's one policy (`customer_criterion`).
Customers waiting in the customer pool count for those who see everything only:
a rep may look into the company's pool, but its customers are nobody's yet, so
they are not in the rep's pyramid, as they are not in the rep's customer list.
One customer's own figures (its panel) follow `customer_criterion` alone.
"""
from flask import current_app, url_for
from sqlalchemy import select, true

from crm_platform.sdk import Customer, customer_criterion, has_permission, role_scope

from plugins.customer_insights.models.scores import Score
from plugins.customer_insights.permissions import CONFIGURE

LAYERS_TOP_DOWN = ("advocate", "core", "regular", "inactive", "new", "leaving", "onlooker", "lost")
"""The pyramid as people read it: advocates at the narrow top, lost customers at the bottom."""
RUNS_PAGE = "insights_runs.index"
"""The runs page (feature runs): the computations, where those with insights.configure start one."""
RULES_PAGE = "insights_rules.index"
"""The rules page (feature rules): how the figures are decided, read-only for those who do not configure."""


def in_sight(user):
    """The WHERE clause of the customers whose figures `user`'s counts and lists hold (pooled ones: all-scope only)."""
    owned = true() if role_scope(user) == "all" else Customer.pooled_at.is_(None)
    return customer_criterion(user) & owned


def visible_customer_ids(user):
    """A SELECT of the ids of the customers whose figures `user`'s counts and lists hold."""
    return select(Customer.id).where(in_sight(user))


def visible_scores(*columns, user):
    """A SELECT of `columns` (default: Score) of the Score rows `user`'s counts and lists hold, customers joined."""
    return (select(*(columns or (Score,))).select_from(Score)
            .join(Customer, Customer.id == Score.customer_id).where(in_sight(user)))


def page_url(endpoint):
    """The URL of another feature's page, or None while the app has no such page."""
    return url_for(endpoint) if endpoint in current_app.view_functions else None


def runs_page_url(user):
    """The runs page's URL when `user` may start a computation there, else None (an empty state's one action)."""
    return page_url(RUNS_PAGE) if has_permission(user, CONFIGURE) else None
