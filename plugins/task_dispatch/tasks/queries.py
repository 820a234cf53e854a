"""Reading tasks as a user may see them: the list's pages, my tasks, Today, a customer's, names to show."""
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select, update

from crm_platform.sdk import Customer, User, db, keyset_page, workspace_timezone

from plugins.task_dispatch.models import Task
from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.tasks.visibility import task_criterion, visible_tasks

LIMIT = 100
"""At most this many tasks in a panel or a Today section."""
ONE_DAY = timedelta(days=1)


def day_end(day):
    """The UTC moment the workspace's `day` ends (the next local midnight)."""
    return datetime.combine(day + ONE_DAY, time(), tzinfo=workspace_timezone()).astimezone(timezone.utc)


def task_page(user, args):
    """A cursor page of the tasks `user` may see, filtered and ordered by `args`; (rows, next_cursor)."""
    stmt = visible_tasks(user)
    if args.get("status") == "open":
        stmt = stmt.where(Task.status.in_(OPEN_STATUSES))
    elif args.get("status"):
        stmt = stmt.where(Task.status == args["status"])
    for key in ("priority", "region", "customer_id", "assignee_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Task, key) == args[key])
    if args.get("mine"):
        stmt = stmt.where(Task.assignee_id == user.id)
    if args.get("due_to") is not None:
        stmt = stmt.where(Task.due < day_end(args["due_to"]))
    if args.get("sort") == "newest":
        return keyset_page(stmt, [Task.created_at, Task.id], True, args.get("cursor"), args["limit"],
                           types=[datetime, int])
    return keyset_page(stmt, [Task.due, Task.id], False, args.get("cursor"), args["limit"],
                       types=[datetime, int], nullable=True)


def due_for(user, today):
    """`user`'s own open tasks due by the end of `today` (overdue ones included), soonest first."""
    return db.session.scalars(
        select(Task).where(Task.assignee_id == user.id, Task.status.in_(OPEN_STATUSES), Task.due < day_end(today))
        .order_by(Task.due, Task.id).limit(LIMIT)).all()


def in_hand(user, limit):
    """(tasks, count): `user`'s assigned and started tasks, soonest due first (open-ended last), at most `limit`."""
    mine = (Task.assignee_id == user.id, Task.status.in_(("assigned", "in_progress")))
    tasks = db.session.scalars(select(Task).where(*mine).order_by(Task.due.is_(None), Task.due, Task.id)
                               .limit(limit)).all()
    return tasks, db.session.scalar(select(func.count(Task.id)).where(*mine))


def of_customer(user, customer_id):
    """The open tasks of `customer_id` that `user` may see, soonest due first (open-ended last)."""
    return db.session.scalars(
        select(Task).where(Task.customer_id == customer_id, Task.status.in_(OPEN_STATUSES), task_criterion(user))
        .order_by(Task.due.is_(None), Task.due, Task.id).limit(LIMIT)).all()


def move_to_customer(kept_id, merged_id):
    """Give a merged duplicate's tasks to the customer kept (not committed)."""
    db.session.execute(update(Task).where(Task.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})


def names(user_ids):
    """{user id (str): name} of the given users, for assignee and creator columns."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    return {str(row.id): row.name for row in db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))}


def customer_names(customer_ids):
    """{customer id (str): name} of the given customers (callers show only tasks the reader may see)."""
    ids = {customer_id for customer_id in customer_ids if customer_id is not None}
    if not ids:
        return {}
    return {str(row.id): row.name
            for row in db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids)))}


def listing(tasks):
    """The names a table of `tasks` shows: {"people": ..., "customers": ...}."""
    return {"people": names(user_id for task in tasks for user_id in (task.assignee_id, task.created_by_id)),
            "customers": customer_names(task.customer_id for task in tasks)}


def people():
    """[(id, name)] of the workspace's active users, for the assignee filter."""
    return [(str(row.id), row.name) for row in db.session.execute(
        select(User.id, User.name).where(User.active.is_(True)).order_by(User.name, User.id))]
