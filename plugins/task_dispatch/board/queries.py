"""The dispatch board's list: the unassigned tasks a dispatcher may see, filtered, soonest due first.

Filters: priority, region, a required skill (its catalogue key), customer, and
"due by" (a workspace date: tasks due before the end of that day; tasks without a
due time drop out). Pages are keyset pages on (due, id), tasks without a due time
last.
"""
import json
from datetime import datetime

from sqlalchemy import String, cast, select

from crm_platform.sdk import Customer, db, keyset_page

from plugins.task_dispatch.models import CatalogueItem, Task
from plugins.task_dispatch.tasks.queries import day_end
from plugins.task_dispatch.tasks.visibility import task_criterion


def unassigned(user):
    """A SELECT of the unassigned tasks `user` may see."""
    return select(Task).where(task_criterion(user), Task.status == "unassigned")


def needs_skill(key):
    """The WHERE clause of tasks requiring skill `key` (at any level).

    `required_skills` is a JSON list of {"skill", "level"}, stored as the text
    json.dumps writes on both databases, so the key is matched as that text.
    """
    return cast(Task.required_skills, String).contains(f'"skill": {json.dumps(key)}', autoescape=True)


def board_page(user, args):
    """(tasks, next_cursor): a page of the board for loaded DispatchBoardQuerySchema `args`."""
    stmt = unassigned(user)
    if args.get("priority"):
        stmt = stmt.where(Task.priority == args["priority"])
    if args.get("region"):
        stmt = stmt.where(Task.region == args["region"])
    if args.get("skill"):
        stmt = stmt.where(needs_skill(args["skill"]))
    if args.get("customer_id") is not None:
        stmt = stmt.where(Task.customer_id == args["customer_id"])
    if args.get("due_before"):
        stmt = stmt.where(Task.due < day_end(args["due_before"]))
    return keyset_page(stmt, (Task.due, Task.id), False, args.get("cursor"), args.get("limit"),
                       types=[datetime, int], nullable=True)


def filter_choices(user):
    """The filters' options: regions and customers of the unassigned tasks `user` may see, the catalogue's skills."""
    visible = unassigned(user).subquery()
    regions = db.session.scalars(select(visible.c.region).where(visible.c.region.is_not(None)).distinct()).all()
    customers = db.session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(select(visible.c.customer_id))).order_by(
            Customer.name, Customer.id)).all()
    skills = db.session.execute(
        select(CatalogueItem.key, CatalogueItem.name)
        .where(CatalogueItem.kind == "skill", CatalogueItem.archived.is_(False))
        .order_by(CatalogueItem.name, CatalogueItem.key)).all()
    return {"regions": [(region, region) for region in sorted(regions)],
            "customers": [(str(row.id), row.name) for row in customers],
            "skills": [(row.key, row.name) for row in skills]}
