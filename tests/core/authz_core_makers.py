"""Makers of the core's authorization matrix: what its routes' path parameters name, made in acme.

Each maker is `maker(requests, user_key)` -> {parameter: value} (see
crm_platform.testing.authorization.Requests); `user_key` is the world user acting.
The representative records belong to rep_s1 or sit on rep_s1's customer
s1_shared, in sight of every role the matrix checks.
"""
from datetime import date, datetime, timezone

from crm_platform.extensions import db
from crm_platform.models import ImportBatch, Job, Reminder, TimeOff

from crm_platform.testing import PASSWORD

from collaboration_support import add_announcement, add_work_log

OWNER = "rep_s1"


def _acme(requests):
    return requests.world.acme


def _add(requests, row):
    """Commit `row` in acme; its id."""
    with requests.tenant_session("acme") as session:
        session.add(row)
        session.commit()
        return row.id


def announcement(requests, user_key):
    """manager_south's announcement to South (rep_s1 reads it)."""
    return {"announcement_id": requests.once("announcement", lambda: add_announcement(
        requests.tenant_session, requests.world, "acme", author="manager_south", unit="south"))}


def work_log(requests, user_key):
    """rep_s1's daily log."""
    return {"work_log_id": requests.once("work_log", lambda: add_work_log(
        requests.tenant_session, requests.world, "acme", user=OWNER))}


def job(requests, user_key):
    """rep_s1's finished self-test job."""
    users = _acme(requests).users
    return {"job_id": requests.once("job", lambda: _add(requests, Job(
        user_id=users[OWNER].id, kind="selftest", status="finished", progress_done=1, progress_total=1,
        params={"count": 1}, result={"counted": 1})))}


def export(requests, user_key):
    """rep_s1's customer export, still running."""
    users = _acme(requests).users
    return {"job_id": requests.once("export", lambda: _add(requests, Job(
        user_id=users[OWNER].id, kind="customer_export", status="running", params={})))}


def import_batch(requests, user_key):
    """rep_s1's draft customer import."""
    users = _acme(requests).users
    return {"batch_id": requests.once("import", lambda: _add(requests, ImportBatch(
        user_id=users[OWNER].id, filename="customers.csv", format="csv", headers=["Name"],
        mapping={"Name": "name"}, on_duplicate="skip", total_rows=1)))}


def reminder(requests, user_key):
    """rep_s1's open care reminder about s1_shared."""
    acme = _acme(requests)
    return {"reminder_id": requests.once("reminder", lambda: _add(requests, Reminder(
        user_id=acme.users[OWNER].id, customer_id=acme.customers["s1_shared"].id, kind="founding",
        due_date=date(2026, 1, 5))))}


def follow_up(requests, user_key):
    """rep_s1's planned call to s1_shared, an open follow-up."""
    def make():
        created = requests.api_client("acme", OWNER).post(
            f"/api/v1/customers/{_acme(requests).customers['s1_shared'].id}/activities",
            json={"kind": "call", "status": "planned", "due_at": "2026-02-01T09:00:00Z"})
        assert created.status_code == 201, created.get_json()
        return created.get_json()["id"]
    return {"activity_id": requests.once("follow_up", make)}


def time_off(requests, user_key):
    """rep_s1's time off."""
    users = _acme(requests).users
    return {"time_off_id": requests.once("time_off", lambda: _add(requests, TimeOff(
        user_id=users[OWNER].id, starts_at=datetime(2026, 3, 3, 1, tzinfo=timezone.utc),
        ends_at=datetime(2026, 3, 4, 10, tzinfo=timezone.utc), note="Leave")))}


def token(requests, user_key):
    """rep_s1's API token, and rep_s1 (whose tokens an admin lists and revokes)."""
    acme = _acme(requests)
    return {"token_id": acme.tokens[OWNER].id, "user_id": acme.users[OWNER].id}


def module(requests, user_key):
    """An installed module."""
    return {"name": "customer_insights"}


def static(requests, user_key):
    """A file of the core's static folder."""
    return {"filename": "crm.css"}


def _link(requests, purpose):
    """A fresh emailed link's token of `purpose` for rep_n1."""
    from crm_platform.mail.tokens import make_token
    from crm_platform.models import User

    with requests.tenant_session("acme") as session:
        return {"token": make_token(purpose, session.get(User, _acme(requests).users["rep_n1"].id))}


def invitation(requests, user_key):
    """An invitation link's token for rep_n1."""
    return _link(requests, "invite")


def reset(requests, user_key):
    """A password reset link's token for rep_n1."""
    return _link(requests, "reset")


def sign_in(requests, user_key):
    """rep_s1's sign-in: workspace, email and password."""
    return {"workspace": "acme", "email": _acme(requests).users[OWNER].email, "password": PASSWORD}


def people(requests, user_key):
    """Others a request may name: manager_south as a new owner, rep_n2 to share with, s1 to merge."""
    acme = _acme(requests)
    return {"owner_id": acme.users["manager_south"].id, "colleague_id": acme.users["rep_n2"].id,
            "merge_id": acme.customers["s1"].id, "south_id": acme.units["south"].id}


def pooled(requests, user_key):
    """s1 (rep_s1's) moved to the customer pool by the admin."""
    def make():
        customer_id = _acme(requests).customers["s1"].id
        moved = requests.api_client("acme", "admin").post(f"/api/v1/customers/{customer_id}/pool")
        assert moved.status_code == 200, moved.get_json()
        return customer_id
    return {"customer_id": requests.once("pooled", make)}


def empty_unit(requests, user_key):
    """A team under South with nobody in it."""
    def make():
        made = requests.api_client("acme", "admin").post(
            "/api/v1/org-units", json={"name": "Empty", "kind": "team", "parent_id": _acme(requests).units["south"].id})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {"unit_id": requests.once("empty_unit", make)}


def invitee(requests, user_key):
    """A rep invited to the workspace who has not accepted yet."""
    def make():
        made = requests.api_client("acme", "admin").post(
            "/api/v1/users", json={"name": "Invited Rep", "email": "invited@example.test", "role": "rep"})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {"user_id": requests.once("invitee", make)}


MAKERS = {
    "announcement": announcement, "work_log": work_log, "job": job, "export": export, "import": import_batch,
    "reminder": reminder, "follow_up": follow_up, "time_off": time_off, "token": token, "module": module,
    "static": static, "invitation": invitation, "reset": reset,
    "sign_in": sign_in, "people": people, "pooled": pooled, "empty_unit": empty_unit, "invitee": invitee,
}
