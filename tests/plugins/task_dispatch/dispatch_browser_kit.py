"""Test helpers of the module's browser tests: a workspace's technicians, catalogue, customer and open tasks.

They are written through the module's services (or as rows where the service is
the page under test); the browser tests then drive the pages. The people never
sign in: the workspace's admin dispatches.
"""
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import browser_support

PASSWORD = "browser-test-pw"
ARTIFACTS = Path(__file__).resolve().parents[3] / "build" / "test-artifacts"
"""Screenshots kept after the run for people to look at (build/ is ignored by git)."""
SKILLS = {"aircon": "空调维修", "electric": "电工", "plumbing": "管道维修"}
RESOURCES = {"van": "工程车"}


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production (a test file takes it in by name)."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def flash(page):
    """The text of the page's flash messages."""
    return page.locator(".flash").inner_text()


def _session_of(app, slug):
    """(tenant id, admin id) after turning the module on for `slug`."""
    return browser_support.enable_module(app, slug, "task_dispatch")


def staff_workspace(app, slug, technicians, customer="华北冷链", extra=None):
    """The module on for `slug`; its catalogue, the `technicians` and a customer of the admin's.

    `technicians` is [(name, skills {key: level}, capacity, resources)], `extra` more
    profile values per name (home_region, hire_date, post_date, note); returns
    {"tenant_id", "admin_id", "customer_id", "people": {name: user id}}.
    """
    from crm_platform.auth.passwords import hash_password
    from crm_platform.extensions import db
    from crm_platform.models import Customer, OrgUnit, User
    from crm_platform.tenancy import tenant_scope
    from plugins.task_dispatch.catalogue.service import create_item
    from plugins.task_dispatch.profiles.service import create_profile

    tenant_id, admin_id = _session_of(app, slug)
    with app.test_request_context(), tenant_scope(tenant_id, admin_id):
        admin = db.session.get(User, admin_id)
        for kind, items in (("skill", SKILLS), ("resource", RESOURCES)):
            for key, name in items.items():
                create_item(admin, {"kind": kind, "key": key, "name": name,
                                    "category": "vehicle" if kind == "resource" else None})
        unit_id = db.session.scalar(select(OrgUnit.id).order_by(OrgUnit.created_at, OrgUnit.id).limit(1))
        people = {}
        for number, (name, skills, capacity, resources) in enumerate(technicians):
            person = User(name=name, email=f"tech{number}@{slug}.test", role="rep", org_unit_id=unit_id,
                          password_hash=hash_password(PASSWORD))
            db.session.add(person)
            db.session.flush()
            create_profile(admin, person, {"skills": skills, "capacity": capacity, "resources": resources,
                                           **(extra or {}).get(name, {})})
            people[name] = person.id
        row = Customer(name=customer, owner_id=admin_id)
        db.session.add(row)
        db.session.commit()
        return {"tenant_id": tenant_id, "admin_id": admin_id, "customer_id": row.id, "people": people}


def open_tasks(app, workspace, titles, skill="plumbing", level=1, effort=1, customer=False):
    """Unassigned tasks made by the admin through the tasks service, due in five days; their ids."""
    from crm_platform.extensions import db
    from crm_platform.models import User
    from crm_platform.sdk import utcnow
    from crm_platform.tenancy import tenant_scope
    from plugins.task_dispatch.tasks.schemas import DispatchTaskSchema
    from plugins.task_dispatch.tasks.service import create_task

    due = (utcnow() + timedelta(days=5)).replace(microsecond=0).isoformat()
    ids = []
    with app.test_request_context(), tenant_scope(workspace["tenant_id"], workspace["admin_id"]):
        admin = db.session.get(User, workspace["admin_id"])
        for number, title in enumerate(titles):
            data = DispatchTaskSchema().load({
                "title": title, "effort": effort, "due": due, "priority": "urgent" if number == 0 else "normal",
                "required_skills": [{"skill": skill, "level": level}],
                "customer_id": workspace["customer_id"] if customer else None})
            ids.append(create_task(admin, data).id)
        db.session.commit()
    return ids


def assigned_to(app, workspace, task_ids):
    """{task id: assignee id} of the tasks, read from the database."""
    from crm_platform.extensions import db
    from crm_platform.tenancy import tenant_scope
    from plugins.task_dispatch.models import Task

    with app.app_context(), tenant_scope(workspace["tenant_id"], workspace["admin_id"]):
        return dict(db.session.execute(select(Task.id, Task.assignee_id).where(Task.id.in_(task_ids))).all())


def screenshot(page, name):
    """Keep the whole page as build/test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
