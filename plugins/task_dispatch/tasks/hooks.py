"""What the tasks feature adds to the module's hooks (menu, panels, Today, the dashboard, merges, its task page part,
events out)."""
from flask import render_template

from crm_platform.sdk import DashboardWidget, Markup, MenuItem, Panel, TodaySection, lazy_gettext as _l, utcnow

from plugins.task_dispatch import events
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.sections import TaskSection
from plugins.task_dispatch.tasks import queries, requests, service

LIST_PAGES = ("dispatch_tasks.index", "dispatch_tasks.new", "dispatch_tasks.detail", "dispatch_tasks.edit")
WIDGET_ROWS = 8
"""At most this many tasks in the dashboard widget; its link leads to the rest."""


@events.task_assigned.connect
def source_assigned(task, **kwargs):
    """A task another module asked for was given to someone: tell the modules."""
    requests.tell_source(task)


@events.task_status_changed.connect
def source_moved(task, new=None, **kwargs):
    """A task another module asked for was started, finished or cancelled: tell the modules.

    Becoming "assigned" is told by `source_assigned`, which also hears reassignments.
    """
    if new != "assigned":
        requests.tell_source(task)


def menu_items(user):
    """"Tasks" (dispatchers) and "My tasks" (everyone) in the main menu."""
    return [MenuItem(_l("Tasks"), "dispatch_tasks.index", permission=DISPATCH, pages=LIST_PAGES),
            MenuItem(_l("My tasks"), "dispatch_tasks.mine", pages=("dispatch_tasks.mine",))]


def customer_panels(customer, user):
    """The customer's open tasks that the user may see, with a way to make one."""
    tasks = queries.of_customer(user, customer.id)
    html = render_template("task_dispatch/tasks/_panel.html", customer=customer, tasks=tasks,
                           **queries.listing(tasks))
    return [Panel(_l("Tasks"), Markup(html))]


def today_sections(user, today):
    """The user's open tasks due by the end of today (those past due counted); nothing when there are none."""
    tasks = queries.due_for(user, today)
    if not tasks:
        return []
    html = render_template("task_dispatch/tasks/_today.html", tasks=tasks, **queries.listing(tasks))
    now = utcnow()
    late = sum(1 for task in tasks if task.due < now)
    return [TodaySection(_l("Tasks due"), Markup(html), overdue=late)]


def dashboard_widgets(user):
    """"My tasks" on the home dashboard: the user's assigned and started tasks, soonest due first."""
    def render():
        tasks, total = queries.in_hand(user, WIDGET_ROWS)
        html = render_template("task_dispatch/tasks/_widget.html", tasks=tasks, total=total,
                               **queries.listing(tasks))
        return Markup(html)
    return [DashboardWidget("dispatch.tasks", _l("My tasks"), render,
                            description=_l("Tasks assigned to you or in progress, soonest due first."))]


def customers_merged(kept, merged_id):
    """The duplicate's tasks go to the customer kept."""
    queries.move_to_customer(kept.id, merged_id)


def task_sections(task, user):
    """The task's outcome and rating, with the rating form for its creator or a dispatcher, once it is done."""
    if task.status != "done":
        return []
    return [TaskSection("tasks", "task_dispatch/tasks/_outcome.html",
                        {"task": task, "may_rate": service.may_rate(user, task)})]
