"""`crm demo` fills the dispatch module: a catalogue, engineers' profiles, rated history, work in hand, open tasks."""
import re

from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import Tenant, User
from crm_platform.sdk import HolidayDataMissing, is_enabled, workspace_calendar, workspace_today
from crm_platform.tenancy import tenant_scope, unscoped
from crm_platform.testing import sign_in
from tenants.demo import create_demo

from plugins.task_dispatch import demo
from plugins.task_dispatch.batch.service import preview_batch
from plugins.task_dispatch.board.workload import fairness
from plugins.task_dispatch.models import (
    Assignment, CatalogueItem, Certification, CustomerPerson, PolicyVersion, Profile, Task,
)
from plugins.task_dispatch.models.tasks import PRIORITIES


def on_a_working_day(calendar, day):
    """Whether the calendar opens on `day`; Monday to Friday in a year it has no holiday data for, as the demo does."""
    try:
        return bool(calendar.day_intervals(day))
    except HolidayDataMissing:
        return day.weekday() < 5

HAN = re.compile(r"[\u4e00-\u9fff]")


def demo_scope(app, locale, reset=False):
    """Make the demo in `locale`; returns its tenant id and the lines it printed."""
    lines = []
    with app.app_context():
        create_demo(customers=120, echo=lines.append, locale=locale, reset=reset)
        with unscoped("the test reads the demo workspace"):
            return db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo")), lines


def count(model, *where):
    """How many rows of `model` in the workspace in scope match `where`."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_chinese_demo_has_engineers_with_skills_history_and_open_work(app):
    tenant_id, lines = demo_scope(app, "zh_CN")
    assert not any("could not fill" in line for line in lines), lines
    with app.app_context(), tenant_scope(tenant_id):
        assert is_enabled("task_dispatch")
        skills = {item.key: item for item in db.session.scalars(select(CatalogueItem)
                                                                .where(CatalogueItem.kind == "skill"))}
        assert {"aircon_repair", "refrigeration", "electrical", "commissioning", "training", "presales"} <= set(skills)
        assert skills["electrical"].certified and skills["electrical"].name == "电气安装"
        categories = set(db.session.scalars(select(CatalogueItem.category).where(CatalogueItem.kind == "resource")))
        assert categories == {"vehicle", "tool", "licence"}
        # Every rep and manager has a profile with skills, resources, a home region among the sales regions, dates.
        profiles = db.session.scalars(select(Profile)).all()
        staff = db.session.scalars(select(User.id).where(User.role.in_(("rep", "manager")))).all()
        assert {p.user_id for p in profiles} == set(staff)
        assert all(p.skills and p.resources and p.home_region and p.hire_date <= p.post_date for p in profiles)
        assert len({p.home_region for p in profiles}) >= 4, "they cover the regions of their customers"
        # Certificates: one expiring within a month, one expired.
        today = workspace_today()
        expiries = list(db.session.scalars(select(Certification.expires_on)))
        assert any(0 < (day - today).days <= 30 for day in expiries)
        assert any(day < today for day in expiries)
        assert all(HAN.search(name) for name in db.session.scalars(select(Certification.name)))
        # Finished, rated work over the past weeks: every profile has a performance figure.
        done = db.session.scalars(select(Task).where(Task.status == "done")).all()
        assert len(done) >= 20 and any(t.rating for t in done) and any(t.rating is None for t in done)
        assert (today - min(t.finished_at for t in done).date()).days >= 28
        assert any(t.finished_at > t.due for t in done) and any(t.finished_at <= t.due for t in done)
        assert all(p.performance is not None and p.performance_tasks for p in profiles if p.user_id in
                   {t.assignee_id for t in done})
        assert count(Task, Task.status == "cancelled") == 1
        # Assignments carry their explanation; some under the saved policy, some chosen by hand with a reason.
        assignments = db.session.scalars(select(Assignment)).all()
        assert all(a.factors and a.total is not None and a.rank for a in assignments)
        assert {a.mode for a in assignments} == {"auto", "manual"}
        assert any(a.reason and a.rank > 1 for a in assignments)
        policy = db.session.scalar(select(PolicyVersion))
        assert policy.version == 1 and policy.weights["performance"] > 0 and HAN.search(policy.note)
        assert {a.policy_version for a in assignments} == {0, 1}
        # Work in hand, some started; about twenty open tasks across regions, priorities, skills and due dates.
        assert count(Task, Task.status == "assigned") and count(Task, Task.status == "in_progress")
        open_tasks = db.session.scalars(select(Task).where(Task.status == "unassigned")).all()
        assert len(open_tasks) == 20 and all(t.assignee_id is None for t in open_tasks)
        assert len({t.region for t in open_tasks}) >= 4 and {t.priority for t in open_tasks} == set(PRIORITIES)
        assert len({need["skill"] for t in open_tasks for need in t.required_skills}) >= 6
        assert any(t.customer_id is None for t in open_tasks) and any(t.due is None for t in open_tasks)
        calendar = workspace_calendar()
        assert all(on_a_working_day(calendar, t.due.astimezone(calendar.tz).date()) for t in open_tasks if t.due)
        assert all(HAN.search(t.title) for t in open_tasks)
        # Customers' wishes: preferred and excluded people.
        assert {row.relation for row in db.session.scalars(select(CustomerPerson))} == {"preferred", "excluded"}
        # The fairness window has data, and a batch of the open tasks gives most of them out.
        assert fairness([p.user_id for p in profiles])["gini"] > 0
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        batch = preview_batch(admin, [t.id for t in open_tasks])
        assert batch.summary["assigned"] >= 12 and batch.summary["weighted"] >= batch.summary["greedy_weighted"]
        numbers = [t.number for t in open_tasks]
    # The board shows the open tasks to the demo's admin.
    client = app.test_client()
    assert sign_in(client, "demo", "admin@demo.example.com", "demo-admin-pass").status_code == 302
    page = client.get("/dispatch/board/?limit=50").get_data(as_text=True)
    assert all(number in page for number in numbers)


def test_the_english_demo_is_in_english_the_same_for_the_same_seed_and_made_once(app):
    tenant_id, _ = demo_scope(app, "en")

    def snapshot():
        """Every task with its assignee's email, and every profile's region and skills by email."""
        tasks = db.session.execute(select(Task.number, Task.title, Task.status, Task.priority, User.email)
                                   .outerjoin(User, User.id == Task.assignee_id).order_by(Task.number)).all()
        profiles = db.session.execute(select(User.email, Profile.home_region, Profile.skills)
                                      .join(User, User.id == Profile.user_id).order_by(User.email)).all()
        return tasks, profiles

    with app.app_context(), tenant_scope(tenant_id):
        first = snapshot()
        assert first[0] and not any(HAN.search(title) for _, title, *_ in first[0])
        lines = []
        demo.fill(20240601, False, lines.append)  # a second run leaves the workspace as it is
        assert lines and snapshot() == first
    tenant_id, _ = demo_scope(app, "en", reset=True)
    with app.app_context(), tenant_scope(tenant_id):
        assert snapshot() == first


def test_without_customers_the_demo_makes_the_catalogue_and_profiles_only(app, dispatch, monkeypatch):
    monkeypatch.setattr(demo, "work_customers", lambda rng, count: [])
    lines = []
    with app.app_context(), tenant_scope(dispatch.acme.id):
        demo.fill(7, True, lines.append)
        assert count(CatalogueItem) and count(Profile) and count(Task) == 0
    assert "no customers" in lines[-1]
