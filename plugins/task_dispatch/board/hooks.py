"""What the board feature adds to the module's hooks: the "Dispatch" menu entry, the dashboard's unassigned tasks."""
from flask import render_template
from sqlalchemy import func, select

from crm_platform.sdk import DashboardWidget, Markup, MenuItem, db, has_permission, lazy_gettext as _l, utcnow

from plugins.task_dispatch.board.queries import unassigned
from plugins.task_dispatch.models import Task
from plugins.task_dispatch.permissions import DISPATCH


def menu_items(user):
    """"Dispatch" (the dispatch board) for those who may dispatch."""
    return [MenuItem(_l("Dispatch"), "dispatch_board.index")] if has_permission(user, DISPATCH) else []


def unassigned_counts(user):
    """(unassigned, overdue among them): the unassigned tasks `user` may see, and those already past due."""
    waiting = unassigned(user).subquery()
    row = db.session.execute(select(func.count(), func.count().filter(waiting.c.due < utcnow()))
                             .select_from(waiting)).one()
    return row[0], row[1]


def dashboard_widgets(user):
    """"Unassigned tasks" on a dispatcher's dashboard: how many wait, how many are late, a link to the board."""
    if not has_permission(user, DISPATCH):
        return []

    def render():
        waiting, late = unassigned_counts(user)
        return Markup(render_template("task_dispatch/board/_widget.html", waiting=waiting, late=late))
    return [DashboardWidget("dispatch.unassigned", _l("Unassigned tasks"), render,
                            description=_l("How many tasks wait for someone to do them, with the dispatch board."))]
