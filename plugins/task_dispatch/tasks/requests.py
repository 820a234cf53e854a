"""Another module's records as tasks: answering `task_dispatch_request`, and telling the asker what became of them.

The request (the plugin guide in docs/, "Task dispatch request") makes a task linked back to
the record (`source_kind`, `source_id`, `source_url`), or reuses the open task of
the same record, and gives it to the policy's top candidate. Nothing in a request
is refused: a skill key the catalogue lacks is added to it as a new skill named by
its key (an archived one is left out: the workspace retired it), a region that is
not a sales region, a customer of no record here, a link that is not http(s) or a
site path and a due time that is no datetime are dropped (one without an offset is
read as UTC). With nobody suitable the task waits on the board, unassigned.

Whenever such a task is assigned, started, finished or cancelled, the module asks
`task_dispatch_task_changed(kind, record_id, task_id, status, assignee_id)` of the
workspace's enabled plugins (they implement it with `@hookimpl(optionalhook=True)`).
"""
from datetime import datetime, timezone

from sqlalchemy import select

from crm_platform.sdk import Customer, ask_plugins, db, local_next, sales_region_names

from plugins.task_dispatch.models import CatalogueItem, Task
from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.tasks.service import create_task

CHANGED_HOOK = "task_dispatch_task_changed"


def safe_url(url):
    """`url` when it is an http(s) address or a path on this site (at most 300 characters), else None.

    A path is checked as the SDK's `local_next` checks one: "/\\host" or a control
    character inside would take the browser to another host.
    """
    if not isinstance(url, str) or len(url) > 300:
        return None
    if url.startswith(("http://", "https://")):
        return url
    return local_next(url)


def _skill_needs(skills):
    """The request's [{"skill", "level"}] as catalogue keys with levels 1..5, unknown keys added to the catalogue."""
    wanted = {}
    for need in skills or ():
        key = str(need.get("skill") or "").strip()[:40] if isinstance(need, dict) else ""
        if not key or isinstance(need.get("level"), bool) or not isinstance(need.get("level"), int):
            continue
        wanted[key] = max(wanted.get(key, 1), min(max(need["level"], 1), 5))
    known = {item.key: item for item in db.session.scalars(
        select(CatalogueItem).where(CatalogueItem.kind == "skill", CatalogueItem.key.in_(list(wanted))))}
    for key in wanted.keys() - known.keys():
        db.session.add(CatalogueItem(kind="skill", key=key, name=key[:80]))
    return [{"skill": key, "level": level} for key, level in wanted.items()
            if key not in known or not known[key].archived]


def _due(due):
    """The request's due time as an aware UTC datetime: one without an offset is read as UTC, anything else dropped."""
    if not isinstance(due, datetime):
        return None
    return due.replace(tzinfo=timezone.utc) if due.tzinfo is None else due


def _open_task(kind, record_id):
    """The open task made for record `record_id` of `kind`, if there is one."""
    return db.session.scalar(select(Task).where(Task.source_kind == kind, Task.source_id == record_id,
                                                Task.status.in_(OPEN_STATUSES))
                             .order_by(Task.created_at.desc(), Task.id.desc()).limit(1))


def _request_task(kind, record_id, title, region, customer_id, due, skills, url):
    """A new task for the record, from the request's values made acceptable."""
    if customer_id is not None and db.session.scalar(select(Customer.id).where(Customer.id == customer_id)) is None:
        customer_id = None
    regions = sales_region_names()
    data = {"title": (str(title or "").strip() or f"{kind} {record_id}")[:200], "customer_id": customer_id,
            "region": region if region and (not regions or region in regions) else None,
            "due": _due(due), "required_skills": _skill_needs(skills)}
    return create_task(None, data, source={"source_kind": kind, "source_id": record_id, "source_url": safe_url(url)})


def answer_request(kind, record_id, title, region, customer_id, due, skills, url=None):
    """Make (or reuse) the record's task and assign it as the policy says; the assignee's user id or None."""
    kind = str(kind)[:40]
    task = _open_task(kind, record_id) or _request_task(kind, record_id, title, region, customer_id, due, skills, url)
    if task.assignee_id is None:  # the policy's automatic assignment on creation may already have given it
        try:
            from plugins.task_dispatch.assign.service import auto_assign  # the assign feature, built alongside
        except ImportError:
            return None
        auto_assign(None, task, mode="request")
    return task.assignee_id


def tell_source(task):
    """Tell the modules of the workspace what became of `task` when another module asked for it."""
    if task.source_kind == "manual" or task.source_id is None:
        return
    ask_plugins(CHANGED_HOOK, kind=task.source_kind, record_id=task.source_id, task_id=task.id,
                status=task.status, assignee_id=task.assignee_id)
