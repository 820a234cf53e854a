"""The example third-party plugin, examples/crm-feedback, installed with pip like any other.

It uses every extension point: these tests enable it for acme only and check
that acme gets each contribution while globex sees none of it.
"""
import json
import re
from importlib.metadata import PackageNotFoundError, distribution, entry_points
from pathlib import Path

import pytest
from marshmallow import ValidationError
from sqlalchemy import func, select

PLUGIN = "crm_feedback"
NOTES = "/api/v1/feedback/notes"
REPO = Path(__file__).resolve().parents[2]
HOOKS = {
    "crm_plugin_info", "crm_blueprints", "crm_roles", "crm_permissions", "crm_settings_schema",
    "crm_migrations_dir", "crm_cli_commands", "crm_menu_items", "crm_customer_panels", "crm_customer_created",
    "crm_job_kinds", "crm_schedules", "crm_translations_dir", "crm_customers_merged",
}


@pytest.fixture(autouse=True)
def installed():
    """These tests need the plugin installed the way its users install it (scripts/test does it)."""
    try:
        distribution("crm-feedback")
    except PackageNotFoundError:
        pytest.fail("crm-feedback is not installed: run `bash scripts/test`, or "
                    "`.venv/bin/pip install ./examples/crm-feedback`", pytrace=False)


def note_count(tenant_session, tenant):
    """How many feedback notes `tenant` has in the database, whoever may see them."""
    from crm_feedback.models import FeedbackNote

    with tenant_session(tenant) as session:
        return session.scalar(select(func.count(FeedbackNote.id)))


def add_note(api_client, tenant, user, customer_id, rating=4, text="Happy with the delivery"):
    """POST a note through the API; returns the response."""
    return api_client(tenant, user).post(NOTES, json={"customer_id": customer_id, "rating": rating, "text": text})


def csrf_token_on(client, url):
    """The CSRF token in the page at `url`."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def test_installed_with_pip_and_found_through_its_entry_point(app):
    """A separate distribution, registered in the plugin group, loaded from site-packages, all hooks known."""
    import crm_feedback

    dist = distribution("crm-feedback")
    (ep,) = [ep for ep in entry_points(group="crm_platform.plugins") if ep.name == PLUGIN]
    assert ep.value == "crm_feedback.plugin" and ep.dist.name == "crm-feedback"
    installed_from = json.loads(dist.read_text("direct_url.json") or "{}")
    assert not installed_from.get("dir_info", {}).get("editable"), "a real install, not an editable one"
    package = Path(crm_feedback.__file__).resolve()
    assert package.is_relative_to(Path(dist.locate_file("")).resolve()), "imported from where pip put it"
    assert not package.is_relative_to(REPO / "examples")
    record = app.extensions["crm_plugins"].records[PLUGIN]
    assert record.ok, record.error
    assert (record.version, record.distribution) == (dist.version, "crm-feedback")
    assert set(record.hooks) == HOOKS
    assert str(record.label) == "Customer feedback"
    assert Path(record.migrations_dir, "crm_feedback_0001_notes.py").is_file()
    assert {bp.name for bp in record.blueprints} == {"crm_feedback", "crm_feedback_api"}


def test_role_and_permission(app):
    """`feedback_reviewer` sees its own customers and may review; managers and up may review too."""
    from crm_platform.roles import get_role

    with app.app_context():  # roles belong to the app that loaded the plugin
        reviewer = get_role("feedback_reviewer")
        assert reviewer.scope == "own" and reviewer.permissions == {"feedback.review"}
        assert all("feedback.review" in get_role(name).permissions for name in ("manager", "executive", "admin"))
        assert "feedback.review" not in get_role("rep").permissions


def test_settings_are_validated_and_defaulted(enable_plugin):
    """The settings schema fills defaults and refuses values out of range or of the wrong kind."""
    assert enable_plugin("acme", PLUGIN).settings == {"welcome_note": "", "min_rating_alert": 2}
    for bad in ({"min_rating_alert": 9}, {"min_rating_alert": 0}, {"welcome_note": 5}, {"colour": "red"}):
        with pytest.raises(ValidationError):
            enable_plugin("acme", PLUGIN, settings=bad)
    assert enable_plugin("acme", PLUGIN, settings={"min_rating_alert": 4}).settings["min_rating_alert"] == 4


def test_api_for_the_tenant_that_enabled_it(world, api_client, enable_plugin):
    """Add, list (by customer, a page at a time), read and delete notes through the API."""
    enable_plugin("acme", PLUGIN)
    alpha, beta = world.acme.customers["n1_alpha"].id, world.acme.customers["n1_beta"].id
    created = add_note(api_client, "acme", "rep_n1", alpha, 5, "Loves the new catalogue")
    assert created.status_code == 201
    note = created.json
    assert (note["customer_id"], note["author_id"], note["rating"]) == (alpha, world.acme.users["rep_n1"].id, 5)
    assert add_note(api_client, "acme", "rep_n1", beta, 2).status_code == 201
    api = api_client("acme", "rep_n1")
    first = api.get(NOTES, query_string={"limit": 1}).json
    assert [n["customer_id"] for n in first["items"]] == [beta]
    second = api.get(NOTES, query_string={"limit": 1, "cursor": first["next_cursor"]}).json
    assert [n["id"] for n in second["items"]] == [note["id"]] and second["next_cursor"] is None
    assert [n["id"] for n in api.get(NOTES, query_string={"customer_id": alpha}).json["items"]] == [note["id"]]
    assert api.get(f"{NOTES}/{note['id']}").json["text"] == "Loves the new catalogue"
    refused = add_note(api_client, "acme", "rep_n1", alpha, 6, "")
    assert refused.status_code == 422 and {"rating", "text"} <= set(refused.json["error"]["fields"])
    assert api.delete(f"{NOTES}/{note['id']}").status_code == 204
    assert api.get(f"{NOTES}/{note['id']}").status_code == 404


def test_the_other_tenant_sees_none_of_it(world, app, api_client, page_client, enable_plugin, tenant_session):
    """Enabled for acme only: globex gets 404 on page and API, no menu entry, no panel, no welcome note."""
    enable_plugin("acme", PLUGIN, settings={"welcome_note": "Welcome aboard"})
    assert add_note(api_client, "acme", "rep_n1", world.acme.customers["n1_alpha"].id).status_code == 201
    acme, globex = page_client("acme", "rep_n1"), page_client("globex", "rep_n1")

    assert acme.get("/feedback/").status_code == 200
    assert globex.get("/feedback/").status_code == 404
    globex_alpha = world.globex.customers["n1_alpha"].id
    assert globex.get(f"/feedback/customers/{globex_alpha}/notes").status_code == 404
    assert api_client("globex", "rep_n1").get(NOTES).status_code == 404
    assert add_note(api_client, "globex", "rep_n1", globex_alpha).status_code == 404

    acme_page = acme.get(f"/customers/{world.acme.customers['n1_alpha'].id}").get_data(as_text=True)
    globex_page = globex.get(f"/customers/{globex_alpha}").get_data(as_text=True)
    assert 'href="/feedback/"' in acme_page and 'href="/feedback/"' not in globex_page
    assert 'id="feedback"' in acme_page and "Happy with the delivery" in acme_page
    assert "Average rating 4.0 from 1 note." in acme_page
    assert 'id="feedback"' not in globex_page

    created = {tenant: api_client(tenant, "rep_n1").post("/api/v1/customers", json={"name": "Newcomer Ltd"})
               for tenant in ("acme", "globex")}
    assert [r.status_code for r in created.values()] == [201, 201]
    welcome = api_client("acme", "rep_n1").get(NOTES, query_string={"customer_id": created["acme"].json["id"]})
    assert [(n["text"], n["author_id"], n["rating"]) for n in welcome.json["items"]] == [("Welcome aboard", None, None)]
    assert note_count(tenant_session, "globex") == 0


def test_cli_command(world, app, api_client, enable_plugin):
    """`crm feedback-stats` counts every workspace's notes (the operator's view)."""
    enable_plugin("acme", PLUGIN)
    runner = app.test_cli_runner()
    assert "No feedback notes yet." in runner.invoke(args=["feedback-stats"]).output
    for customer, rating in (("n1_alpha", 5), ("n1_beta", 2)):
        assert add_note(api_client, "acme", "rep_n1", world.acme.customers[customer].id, rating).status_code == 201
    result = runner.invoke(args=["feedback-stats"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^acme\s+2\s+3\.50$", result.output, re.M), result.output
    assert "globex" not in result.output


def test_disabling_keeps_the_notes_and_enabling_brings_them_back(world, api_client, page_client, enable_plugin,
                                                                   tenant_session):
    """Off: 404s, no menu entry, no reaction; the notes and settings stay. On again: all back."""
    enable_plugin("acme", PLUGIN, settings={"welcome_note": "Welcome aboard"})
    note = add_note(api_client, "acme", "rep_n1", world.acme.customers["n1_alpha"].id).json
    enable_plugin("acme", PLUGIN, enabled=False)
    api, page = api_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    assert api.get(f"{NOTES}/{note['id']}").status_code == 404
    assert page.get("/feedback/").status_code == 404
    assert 'href="/feedback/"' not in page.get("/customers/").get_data(as_text=True)
    assert api.post("/api/v1/customers", json={"name": "Quiet Ltd"}).status_code == 201
    assert note_count(tenant_session, "acme") == 1

    assert enable_plugin("acme", PLUGIN).settings["welcome_note"] == "Welcome aboard"
    assert api.get(f"{NOTES}/{note['id']}").json == note
    assert 'href="/feedback/"' in page.get("/customers/").get_data(as_text=True)


def test_notes_follow_their_customers_visibility(world, api_client, page_client, enable_plugin):
    """A rep sees notes of the customers they may see (own and shared) and no others: 404 like a missing one."""
    enable_plugin("acme", PLUGIN)
    customers = world.acme.customers
    hidden = add_note(api_client, "acme", "rep_s1", customers["s1"].id, 3, "Hidden from north").json
    shared = add_note(api_client, "acme", "rep_s1", customers["s1_shared"].id, 4, "Visible through the share").json
    rep = api_client("acme", "rep_n1")
    assert [n["id"] for n in rep.get(NOTES).json["items"]] == [shared["id"]]
    assert rep.get(f"{NOTES}/{hidden['id']}").status_code == 404
    assert rep.delete(f"{NOTES}/{hidden['id']}").status_code == 404
    assert rep.get(NOTES, query_string={"customer_id": customers["s1"].id}).status_code == 404
    assert add_note(api_client, "acme", "rep_n1", customers["s1"].id).status_code == 404
    page = page_client("acme", "rep_n1")
    listing = page.get("/feedback/").get_data(as_text=True)
    assert "Visible through the share" in listing and "Hidden from north" not in listing
    assert page.get(f"/feedback/customers/{customers['s1'].id}/notes").status_code == 404
    assert page.get("/feedback/", query_string={"customer_id": customers["s1"].id}).status_code == 404
    assert page.post(f"/feedback/notes/{hidden['id']}/delete").status_code == 404
    executive = api_client("acme", "executive")
    assert {n["id"] for n in executive.get(NOTES).json["items"]} == {hidden["id"], shared["id"]}


def test_cross_tenant_notes_are_missing(world, api_client, page_client, enable_plugin, tenant_session):
    """With the plugin on in both tenants, one tenant's notes and customers are a 404 to the other."""
    enable_plugin("acme", PLUGIN)
    enable_plugin("globex", PLUGIN)
    house = world.acme.customers["house"].id
    note = add_note(api_client, "acme", "admin", house).json
    globex = api_client("globex", "admin")
    assert globex.get(f"{NOTES}/{note['id']}").status_code == 404
    assert globex.delete(f"{NOTES}/{note['id']}").status_code == 404
    assert globex.get(NOTES).json["items"] == []
    assert globex.get(NOTES, query_string={"customer_id": house}).status_code == 404
    assert add_note(api_client, "globex", "admin", house).status_code == 404
    page = page_client("globex", "admin")
    assert page.get(f"/feedback/customers/{house}/notes").status_code == 404
    assert page.post(f"/feedback/customers/{house}/notes", data={"rating": "1", "text": "x"}).status_code == 404
    assert page.post(f"/feedback/notes/{note['id']}/delete").status_code == 404
    assert page.get("/feedback/", query_string={"customer_id": house}).status_code == 404
    assert (note_count(tenant_session, "acme"), note_count(tenant_session, "globex")) == (1, 0)


def test_deleting_needs_the_author_or_a_reviewer(world, api_client, enable_plugin, tenant_session):
    """A rep who may see a note but did not write it cannot delete it; its author, a manager or a reviewer can."""
    from crm_platform.models import User

    enable_plugin("acme", PLUGIN)
    customers = world.acme.customers
    shared = add_note(api_client, "acme", "rep_s1", customers["s1_shared"].id).json
    assert api_client("acme", "rep_n1").delete(f"{NOTES}/{shared['id']}").status_code == 403
    assert api_client("acme", "rep_s1").delete(f"{NOTES}/{shared['id']}").status_code == 204
    by_rep = add_note(api_client, "acme", "rep_n1", customers["n1_alpha"].id).json
    assert api_client("acme", "manager_north").delete(f"{NOTES}/{by_rep['id']}").status_code == 204

    by_manager = add_note(api_client, "acme", "manager_north", customers["n2"].id).json
    with tenant_session("acme") as session:
        session.get(User, world.acme.users["rep_n2"].id).role = "feedback_reviewer"
        session.commit()
    assert api_client("acme", "rep_n2").delete(f"{NOTES}/{by_manager['id']}").status_code == 204


def test_customer_deletion_takes_its_notes_along(world, api_client, enable_plugin, tenant_session):
    """The composite foreign key cascades: a deleted customer leaves no notes behind."""
    enable_plugin("acme", PLUGIN)
    house, n2 = world.acme.customers["house"].id, world.acme.customers["n2"].id
    add_note(api_client, "acme", "admin", house)
    add_note(api_client, "acme", "admin", n2)
    assert api_client("acme", "admin").delete(f"/api/v1/customers/{house}").status_code == 204
    assert note_count(tenant_session, "acme") == 1


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_pages_add_list_and_delete_with_csrf(world, app, enable_plugin):
    """The panel's form adds a note (CSRF token required), the list marks low ratings, authors delete."""
    from crm_platform.testing import PASSWORD

    enable_plugin("acme", PLUGIN, settings={"min_rating_alert": 3})
    client = app.test_client()
    client.post("/login", data={"workspace": "acme", "email": world.acme.users["rep_n1"].email,
                                "password": PASSWORD, "csrf_token": csrf_token_on(client, "/login")})
    alpha = world.acme.customers["n1_alpha"].id
    add_url = f"/feedback/customers/{alpha}/notes"
    assert client.post(add_url, data={"rating": "2", "text": "Late again"}).status_code == 400
    token = csrf_token_on(client, f"/customers/{alpha}")
    saved = client.post(add_url, data={"rating": "2", "text": "Late again", "csrf_token": token})
    assert saved.status_code == 302 and saved.location.endswith(f"/customers/{alpha}#feedback")
    refused = client.post(add_url, data={"rating": "7", "text": "", "csrf_token": token})
    assert refused.status_code == 422 and 'id="feedback-rating-error"' in refused.get_data(as_text=True)
    listing = client.get("/feedback/").get_data(as_text=True)
    assert "Late again" in listing and "needs attention" in listing
    note_id = int(re.search(r'id="note-(\d+)"', listing).group(1))
    assert client.post(f"/feedback/notes/{note_id}/delete").status_code == 400
    deleted = client.post(f"/feedback/notes/{note_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 302
    assert "Late again" not in client.get("/feedback/").get_data(as_text=True)


def test_daily_digest_runs_on_its_schedule_for_the_enabling_workspace_only(world, app, api_client, enable_plugin,
                                                                           tenant_session, redis_url, redis_db):
    """The tick starts the digest in acme only, at 07:00 local time; a worker runs it and the result is the digest."""
    from datetime import datetime, time, timezone

    from crm_platform.jobs.worker import InProcessWorker

    from crm_platform.jobs.tick import run_tick
    from crm_platform.models import Job

    app.config["CRM_REDIS_URL"] = redis_url
    enable_plugin("acme", PLUGIN, settings={"min_rating_alert": 2})
    for customer, rating in (("n1_alpha", 5), ("n1_beta", 2), ("n2", 1)):
        assert add_note(api_client, "acme", "admin", world.acme.customers[customer].id, rating).status_code == 201
    today = datetime.now(timezone.utc).date()
    with app.app_context():
        early = run_tick(datetime.combine(today, time(6, 59), timezone.utc))["started"]
        started = run_tick(datetime.combine(today, time(7, 0), timezone.utc))["started"]
        again = run_tick(datetime.combine(today, time(7, 30), timezone.utc))["started"]
        InProcessWorker(["crm-tick", "crm"], connection=redis_db).work(burst=True)
    digests = [(tenant, name) for tenant, name, _ in early + started + again if name.startswith(PLUGIN)]
    assert digests == [(world.acme.id, "crm_feedback_daily_digest")]

    with tenant_session("acme") as session:
        job = session.scalar(select(Job).where(Job.kind == "crm_feedback_digest"))
        assert (job.status, job.user_id) == ("finished", None), job.error
        assert (job.result["notes"], job.result["needs_attention"], job.result["average_rating"]) == (3, 2, 2.67)
    listed = api_client("acme", "admin").get("/api/v1/jobs?scope=workspace").json["items"]
    assert "crm_feedback_digest" in [item["kind"] for item in listed]
    with tenant_session("globex") as session:
        assert session.scalar(select(func.count(Job.id)).where(Job.kind == "crm_feedback_digest")) == 0


def test_notes_follow_a_merged_customer(world, api_client, enable_plugin):
    """crm_customers_merged: the duplicate's notes move to the customer kept instead of being deleted with it."""
    enable_plugin("acme", PLUGIN)
    alpha, beta = world.acme.customers["n1_alpha"].id, world.acme.customers["n1_beta"].id
    note = add_note(api_client, "acme", "rep_n1", beta, 3, "Said so on the phone").json
    merged = api_client("acme", "rep_n1").post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta})
    assert merged.status_code == 200
    assert api_client("acme", "rep_n1").get(f"{NOTES}/{note['id']}").json["customer_id"] == alpha
