"""Makers of the task dispatch module's authorization matrix (plugins/task_dispatch/authorization.toml).

Each maker is `maker(requests, user_key)` -> {parameter: value}. The people who
take tasks are rep_s1 (South) and rep_n2; tasks are on rep_s1's customer
s1_shared, in sight of every role the matrix checks.
"""
from crm_platform.sdk import User

from dispatch_policy_kit import save_version
from dispatch_profiles_kit import PROFILES, add_item
from dispatch_tasks_kit import make_catalogue, make_profile, make_task

from plugins.task_dispatch.batch import service as batches


def _acme(requests):
    return requests.world.acme


def staff(requests):
    """Plumbing in the catalogue; profiles for rep_s1 (level 3) and rep_n2 (level 2), taking tasks."""
    def make():
        ids = make_catalogue(requests.tenant_session)
        return {key: make_profile(requests.world, requests.tenant_session, key, capacity=3, skills={"plumbing": level})
                for key, level in (("rep_s1", 3), ("rep_n2", 2))} | {"skills": ids}
    return requests.once("staff", make)


def task(requests, user_key):
    """A plumbing task on s1_shared assigned to rep_s1."""
    def make():
        staff(requests)
        acme = _acme(requests)
        return make_task(requests.world, requests.tenant_session, status="assigned",
                         assignee_id=acme.users["rep_s1"].id, customer_id=acme.customers["s1_shared"].id,
                         required_skills=[{"skill": "plumbing", "level": 1}]).id
    return {"task_id": requests.once("task", make), "user_id": _acme(requests).users["rep_s1"].id}


def done_task(requests, user_key):
    """A plumbing task on s1_shared that rep_s1 finished."""
    def make():
        staff(requests)
        acme = _acme(requests)
        return make_task(requests.world, requests.tenant_session, status="done", assignee_id=acme.users["rep_s1"].id,
                         customer_id=acme.customers["s1_shared"].id).id
    return {"task_id": requests.once("done_task", make)}


def open_task(requests, user_key):
    """An unassigned plumbing task on s1_shared, and rep_s1 to give it to."""
    def make():
        staff(requests)
        return make_task(requests.world, requests.tenant_session, customer_id=_acme(requests).customers["s1_shared"].id,
                         required_skills=[{"skill": "plumbing", "level": 1}]).id
    return {"task_id": requests.once("open_task", make), "user_id": _acme(requests).users["rep_s1"].id}


def profile(requests, user_key):
    """rep_s1's profile with a certification; a preferred person (rep_n2) of s1_shared; rep_s1's user id."""
    def make():
        acme = _acme(requests)
        profile_id = staff(requests)["rep_s1"]
        admin = requests.api_client("acme", "admin")
        cert = admin.post(f"{PROFILES}/{profile_id}/certifications", json={"name": "First aid"})
        person = admin.post(f"/api/v1/dispatch/customers/{acme.customers['s1_shared'].id}/people",
                            json={"user_id": acme.users["rep_n2"].id, "relation": "preferred"})
        assert cert.status_code == person.status_code == 201, (cert.get_json(), person.get_json())
        return {"profile_id": profile_id, "certification_id": cert.get_json()["id"],
                "person_id": person.get_json()["id"], "user_id": acme.users["rep_s1"].id,
                "other_id": acme.users["rep_s1"].id}
    return requests.once("profile", make)


def unprofiled(requests, user_key):
    """rep_s1, who has no profile yet."""
    return {"user_id": _acme(requests).users["rep_s1"].id}


def item(requests, user_key):
    """A skill of the catalogue."""
    return {"item_id": requests.once("item", lambda: add_item(requests.api_client, "acme", "skill", "forklift",
                                                               "Forklift")["id"])}


def batch(requests, user_key):
    """The admin's batch preview of two open tasks."""
    def make():
        ids = [open_task(requests, user_key)["task_id"], make_task(
            requests.world, requests.tenant_session, customer_id=_acme(requests).customers["s1"].id,
            required_skills=[{"skill": "plumbing", "level": 1}]).id]
        admin = _acme(requests).users["admin"]
        with requests.tenant_session("acme", admin) as session:
            return batches.preview_batch(session.get(User, admin.id), ids).id
    return {"batch_id": requests.once("batch", make)}


def version(requests, user_key):
    """A saved version of the policy."""
    return {"version": requests.once("version", lambda: save_version(
        requests.api_client, weights={"urgency": 4}, note="Matrix")["version"])}


def static(requests, user_key):
    """A file of the module's static folder."""
    return {"filename": "task_dispatch/batch.js"}


MAKERS = {"task": task, "done_task": done_task, "open_task": open_task, "profile": profile, "unprofiled": unprofiled,
          "item": item, "batch": batch, "version": version, "static": static}
