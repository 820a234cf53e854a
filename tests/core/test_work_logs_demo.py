"""`crm demo` fills announcements (company and unit, some read) and two weeks of work logs, plans and comments."""
import re

import pytest
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import Announcement, AnnouncementRead, AuditEntry, Tenant, User, WorkLog, WorkLogComment
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_demo_has_announcements_and_work_logs_in_its_language(app, locale):
    with app.app_context():
        create_demo(customers=20, echo=lambda line: None, locale=locale)
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            notices = db.session.scalars(select(Announcement)).all()
            logs = db.session.scalars(select(WorkLog)).all()
            comments = db.session.scalars(select(WorkLogComment)).all()
            reads = db.session.scalars(select(AnnouncementRead)).all()
            reps = set(db.session.scalars(select(User.id).where(User.role == "rep")))
            audited = db.session.scalars(select(AuditEntry).where(AuditEntry.entity.in_(("announcement", "work_log"))))
            assert not audited.all()  # seed data: nobody changed anything
    assert {n.unit_id is None for n in notices} == {True, False} and any(n.pinned for n in notices)
    assert reads and {r.announcement_id for r in reads} < {n.id for n in notices}
    assert {log.kind for log in logs} == {"daily", "weekly"} and {log.user_id for log in logs} == reps
    assert len({log.day for log in logs if log.kind == "weekly"}) == 2
    assert comments
    texts = [n.title for n in notices] + [log.body for log in logs] + [c.body for c in comments]
    assert all(bool(CJK.search(text)) == (locale == "zh_CN") for text in texts)
