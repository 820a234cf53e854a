"""Another module asks for one of its records to be dispatched, and hears back what became of the task.

The assign feature's automatic assignment may or may not be there; with no profiles
nobody is suitable either way, so these tests hold in both cases.
"""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm_platform.sdk import User, ask_plugins, hookimpl
from dispatch_tasks_kit import make_catalogue, make_task
from plugins.task_dispatch import events
from plugins.task_dispatch.models import CatalogueItem, Task
from plugins.task_dispatch.tasks.service import change_status

ASKER = "dispatch_asker"
DUE = datetime(2026, 6, 1, 8, tzinfo=timezone.utc)


class Asker:
    """A module that asks for its records to be dispatched and records what it hears back."""

    def __init__(self):
        self.heard = []

    def ask(self, record_id=41, **changes):
        """Ask the dispatch request for record `record_id` (a "repair"); the answers."""
        request = {"kind": "repair", "record_id": record_id, "title": "Leaking roof", "region": "North",
                   "customer_id": None, "due": DUE, "skills": [{"skill": "roofing", "level": 3}],
                   "url": "https://crm.example.test/repairs/41", **changes}
        return ask_plugins("task_dispatch_request", **request)

    @hookimpl(optionalhook=True)
    def task_dispatch_task_changed(self, kind, record_id, task_id, status, assignee_id):
        self.heard.append((kind, record_id, task_id, status, assignee_id))


@pytest.fixture
def asker(dispatch, enable_plugin, app):
    """The asking module, installed and enabled in acme; its record of events starts empty."""
    plugin = app.config["CRM_PLUGINS"][ASKER]
    plugin.heard.clear()
    enable_plugin("acme", ASKER)
    return plugin


WITH_ASKER = pytest.mark.app_config(CRM_PLUGINS={ASKER: Asker()})


@WITH_ASKER
def test_the_request_makes_a_linked_task_that_waits_when_nobody_suits(dispatch, asker,
                                                                                    tenant_session):
    with tenant_session("acme") as session:
        assert asker.ask() == []  # nobody takes tasks yet: no answer, the asker falls back
        session.commit()
        task = session.scalar(select(Task))
        assert (task.source_kind, task.source_id, task.source_url) == ("repair", 41,
                                                                        "https://crm.example.test/repairs/41")
        assert (task.title, task.region, task.due, task.status) == ("Leaking roof", "North", DUE, "unassigned")
        assert task.required_skills == [{"skill": "roofing", "level": 3}] and task.created_by_id is None
        assert task.number.startswith("RW-")
        roofing = session.scalar(select(CatalogueItem).where(CatalogueItem.key == "roofing"))
        assert (roofing.kind, roofing.name, roofing.archived) == ("skill", "roofing", False)
        first_id = task.id
        asker.ask()  # asked again while it is open: the same task
        session.commit()
        assert session.scalar(select(Task.id).where(Task.id != first_id)) is None


@WITH_ASKER
def test_the_request_is_never_refused_for_its_values(dispatch, asker, tenant_session):
    make_catalogue(tenant_session, skills=("wiring",), resources=())
    with tenant_session("acme") as session:
        session.scalar(select(CatalogueItem).where(CatalogueItem.key == "wiring")).archived = True
        session.commit()
        asker.ask(record_id=42, title="", region="Mars", customer_id=dispatch.globex.customers["n1_alpha"].id,
                  url="javascript:alert(1)", skills=[{"skill": "wiring", "level": 2}, {"skill": "roofing", "level": 9},
                                                     {"skill": "", "level": 2}, {"skill": "paint", "level": "x"}])
        session.commit()
        task = session.scalar(select(Task))
        assert (task.title, task.region, task.customer_id, task.source_url) == ("repair 42", None, None, None)
        assert task.required_skills == [{"skill": "roofing", "level": 5}]  # the retired skill is left out


@WITH_ASKER
def test_a_task_the_policy_gave_at_creation_answers_with_its_assignee(dispatch, asker, tenant_session):
    rep = dispatch.acme.users["rep_n1"].id

    def give(task, **kwargs):
        task.assignee_id, task.status = rep, "assigned"

    events.task_created.connect(give)
    try:
        with tenant_session("acme") as session:
            assert asker.ask(customer_id=dispatch.acme.customers["n1_alpha"].id) == [rep]
            session.commit()
    finally:
        events.task_created.disconnect(give)


@WITH_ASKER
def test_the_changed_event_tells_the_asker_each_step(dispatch, asker, tenant_session):
    rep, admin = dispatch.acme.users["rep_n1"], dispatch.acme.users["admin"]
    with tenant_session("acme") as session:
        asker.ask()
        task = session.scalar(select(Task))
        task.assignee_id, task.status = rep.id, "assigned"  # as the assign feature does, then its signal
        events.task_assigned.send(task, assignment=None, previous_id=None)
        events.task_status_changed.send(task, old="unassigned", new="assigned", actor=None)  # told once, above
        actor = session.get(User, rep.id)
        change_status(actor, task, "in_progress")
        change_status(actor, task, "done")
        session.commit()
        again = asker.ask(record_id=41)  # the first is done: a new task for the same record
        session.commit()
        second = session.scalar(select(Task).where(Task.id != task.id))
        change_status(session.get(User, admin.id), second, "cancelled")
        session.commit()
        first_id, second_id = task.id, second.id
    assert again == []
    assert asker.heard == [("repair", 41, first_id, "assigned", rep.id),
                           ("repair", 41, first_id, "in_progress", rep.id),
                           ("repair", 41, first_id, "done", rep.id),
                           ("repair", 41, second_id, "cancelled", None)]


@WITH_ASKER
def test_manual_tasks_tell_no_one(dispatch, asker, tenant_session):
    task = make_task(dispatch, tenant_session, status="assigned", assignee_id=dispatch.acme.users["rep_n1"].id)
    with tenant_session("acme") as session:
        change_status(session.get(User, dispatch.acme.users["admin"].id), session.get(Task, task.id), "cancelled")
        session.commit()
    assert asker.heard == []


@WITH_ASKER
def test_with_task_dispatch_off_the_request_has_no_answer(dispatch, asker, enable_plugin, tenant_session):
    enable_plugin("acme", "task_dispatch", enabled=False)
    with tenant_session("acme") as session:
        assert asker.ask() == []
        assert session.scalar(select(Task.id)) is None
