"""Rows for the scoring and assign tests, written directly (profiles, catalogue items, tasks), and a fixed clock."""
from datetime import datetime, timezone
from itertools import count

from plugins.task_dispatch.models import CatalogueItem, Certification, CustomerPerson, Profile, Task

NOW = datetime(2026, 3, 9, 1, 0, tzinfo=timezone.utc)
"""Monday 9 March 2026, 01:00 UTC (the world's workspaces keep UTC: before the 09:00 opening)."""
_numbers = count(1)


def utc(*parts):
    """An aware UTC datetime."""
    return datetime(*parts, tzinfo=timezone.utc)


def add_profile(session, user_id, **fields):
    """A profile taking tasks for `user_id` (flushed)."""
    values = dict(capacity=5, skills={}, resources=[], takes_tasks=True)
    values.update(fields)
    profile = Profile(user_id=user_id, **values)
    session.add(profile)
    session.flush()
    return profile


def add_item(session, kind, key, name=None, certified=False):
    """A catalogue skill or resource (flushed)."""
    item = CatalogueItem(kind=kind, key=key, name=name or key.title(), certified=certified)
    session.add(item)
    session.flush()
    return item


def add_certification(session, profile, skill_key, expires_on=None):
    """A certification of `profile` for `skill_key` (flushed)."""
    row = Certification(profile_id=profile.id, name=f"{skill_key} certificate", skill_key=skill_key,
                        expires_on=expires_on)
    session.add(row)
    session.flush()
    return row


def add_customer_person(session, customer_id, user_id, relation):
    """A customer's preferred or excluded person (flushed)."""
    row = CustomerPerson(customer_id=customer_id, user_id=user_id, relation=relation)
    session.add(row)
    session.flush()
    return row


def make_task(session, created_by_id, **fields):
    """An unassigned task written directly (flushed), due by default Friday 13 March 2026 18:00 UTC."""
    values = dict(title="Fix the boiler", effort=1, required_skills=[], required_resources=[],
                  due=utc(2026, 3, 13, 18), status="unassigned")
    values.update(fields)
    task = Task(number=f"RW-T-{next(_numbers):05d}", created_by_id=created_by_id, **values)
    session.add(task)
    session.flush()
    return task
