"""Test helpers for tasks, shared by every feature's tests: a task row, catalogue items, a person who takes tasks."""
from itertools import count

from plugins.task_dispatch.models import CatalogueItem, Profile, Task

_numbers = count(1)


def make_task(world, tenant_session, tenant="acme", **columns):
    """A Task row written directly in `tenant` (created by its admin unless `created_by_id` says), detached.

    Any column of Task may be given; the number is unique per test session.
    """
    tw = world[tenant]
    values = {"number": f"T-{next(_numbers):05d}", "title": "Fix the boiler", "created_by_id": tw.users["admin"].id,
              **columns}
    with tenant_session(tenant) as session:
        task = Task(**values)
        session.add(task)
        session.commit()
        session.refresh(task)
        session.expunge(task)
    return task


def make_catalogue(tenant_session, tenant="acme", skills=("plumbing", "wiring"), resources=("van",)):
    """Skills and resources of `tenant`'s catalogue, named by their keys; returns {key: id}."""
    ids = {}
    with tenant_session(tenant) as session:
        for kind, keys in (("skill", skills), ("resource", resources)):
            for key in keys:
                item = CatalogueItem(kind=kind, key=key, name=key.title(),
                                     category="vehicle" if kind == "resource" else None)
                session.add(item)
                session.flush()
                ids[key] = item.id
        session.commit()
    return ids


def make_profile(world, tenant_session, user_key, tenant="acme", **columns):
    """A profile for the world's user `user_key` in `tenant` (takes tasks, capacity 5 unless given); its id."""
    with tenant_session(tenant) as session:
        profile = Profile(user_id=world[tenant].users[user_key].id, **columns)
        session.add(profile)
        session.commit()
        return profile.id
