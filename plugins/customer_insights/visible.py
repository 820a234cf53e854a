"""How the module's pages, API and widgets read figures: only those of customers the viewer may see.

Every count, sum, list and chart starts from `visible_scores(user)` (or filters
Snapshot rows with `visible_customer_ids(user)`), so a rep's pyramid counts their
own customers (and those shared with them), a manager's their unit subtree's and
an executive's everyone's, by the core's one policy (`customer_criterion`).
"""
from flask import current_app, url_for
from sqlalchemy import select

from crm_platform.sdk import Customer, customer_criterion, has_permission

from plugins.customer_insights.models.scores import Score
from plugins.customer_insights.permissions import CONFIGURE

LAYERS_TOP_DOWN = ("advocate", "core", "regular", "inactive", "new", "leaving", "onlooker", "lost")
"""The pyramid as people read it: advocates at the narrow top, lost customers at the bottom."""
RUNS_PAGE = "insights_runs.index"
"""The runs page (feature runs), where a computation is started."""


def visible_customer_ids(user):
    """A SELECT of the ids of the customers `user` may see."""
    return select(Customer.id).where(customer_criterion(user))


def visible_scores(*columns, user):
    """A SELECT of `columns` (default: Score) over the Score rows of customers `user` may see, joined to customers."""
    return (select(*(columns or (Score,))).select_from(Score)
            .join(Customer, Customer.id == Score.customer_id).where(customer_criterion(user)))


def runs_page_url(user):
    """The runs page's URL when `user` may start a computation there, else None (an empty state's one action)."""
    if not has_permission(user, CONFIGURE) or RUNS_PAGE not in current_app.view_functions:
        return None
    return url_for(RUNS_PAGE)
