"""Bulk actions on the customer list: only customers the user may manage change, each one audited.

A page or less runs at once; more runs as the customer_bulk job on a real Redis
and worker, which re-checks every customer with the visibility policy when it
reaches it.
"""
import pytest
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Customer, CustomerShare, Job, User
from crm_platform.tenancy import tenant_scope
from job_support import run_worker


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Jobs go to the test Redis."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def customers(app, tenant):
    """{customer key: Customer} of the tenant, detached."""
    with app.app_context(), tenant_scope(tenant.id):
        rows = {c.id: c for c in db.session.scalars(select(Customer))}
        for row in rows.values():
            row.tags  # noqa: B018  (loaded before detaching)
        db.session.expunge_all()
    return {key: rows[c.id] for key, c in tenant.customers.items()}


def audited(app, tenant, field):
    """{customer id: actor id} of audit entries that changed `field` of customers."""
    with app.app_context(), tenant_scope(tenant.id):
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer")).all()
        return {e.entity_id: e.actor_id for e in entries if field in (e.changes or {})}


def test_a_rep_tags_the_rows_picked_and_never_one_they_may_not_manage(world, app, api_client):
    acme = world.acme
    picked = [acme.customers[k].id for k in ("n1_alpha", "n1_beta", "s1_shared", "s1")]
    picked.append(world.globex.customers["n2"].id)

    response = api_client("acme", "rep_n1").post("/api/v1/customers/bulk",
                                                 json={"action": "add_tag", "tag": "q3", "ids": picked})

    assert response.status_code == 200
    # s1_shared is shared with rep_n1 (seen, not managed); s1 and globex's customer are not seen at all.
    assert response.get_json() == {"action": "add_tag", "selected": 5, "changed": 2, "unchanged": 0, "skipped": 3,
                                   "skipped_ids": [{"id": acme.customers["s1_shared"].id, "reason": "not_managed"}]}
    after = customers(app, acme)
    assert after["n1_alpha"].tags == ["q3", "vip"] and after["n1_beta"].tags == ["q3"]
    assert after["s1_shared"].tags == [] and after["s1"].tags == ["export"]
    rep = acme.users["rep_n1"].id
    assert audited(app, acme, "tags") == {acme.customers["n1_alpha"].id: rep, acme.customers["n1_beta"].id: rep}
    assert customers(app, world.globex)["n2"].tags == ["vip"]


def test_a_manager_reassigns_every_customer_matching_the_filters_within_their_remit(world, app, api_client):
    acme = world.acme
    manager = api_client("acme", "manager_north")

    assert manager.post("/api/v1/customers/bulk", json={"action": "reassign", "owner_id": acme.users["rep_s1"].id,
                                                        "filters": {}}).status_code == 422
    assert api_client("acme", "rep_n1").post("/api/v1/customers/bulk", json={
        "action": "reassign", "owner_id": acme.users["rep_n1"].id, "filters": {}}).status_code == 403
    response = manager.post("/api/v1/customers/bulk", json={"action": "reassign", "owner_id": acme.users["rep_n2"].id,
                                                            "filters": {"region": "North"}})

    assert response.status_code == 200
    assert response.get_json()["changed"] == 3 and response.get_json()["unchanged"] == 1  # n2 was rep_n2's
    after = customers(app, acme)
    assert {k for k, c in after.items() if c.owner_id == acme.users["rep_n2"].id} == {"n1_alpha", "n1_beta", "n2",
                                                                                     "north_mgr"}
    assert after["s1"].owner_id == acme.users["rep_s1"].id
    assert set(audited(app, acme, "owner_id").values()) == {acme.users["manager_north"].id}


def test_more_than_a_page_runs_as_a_job_that_rechecks_each_customer(world, app, api_client, tenant_session, redis_db):
    acme = world.acme
    with tenant_session("acme") as session:  # manager_north may see s1 through a share, not manage it
        session.add(CustomerShare(customer_id=acme.customers["s1"].id, user_id=acme.users["manager_north"].id))
        session.commit()

    response = api_client("acme", "manager_north").post("/api/v1/customers/bulk", json={
        "action": "level", "level": "intention", "filters": {}, "page_size": 2})

    assert response.status_code == 202 and response.get_json()["kind"] == "customer_bulk"
    job_id = response.get_json()["id"]
    with tenant_session("acme") as session:  # before the job runs, rep_n2 moves to the south
        session.get(User, acme.users["rep_n2"].id).org_unit_id = acme.units["south"].id
        session.commit()
    run_worker(app, redis_db)

    with app.app_context(), tenant_scope(acme.id):
        job = db.session.get(Job, job_id)
        assert job.status == "finished", job.error
        assert (job.progress_done, job.progress_total) == (4, 4)
        # n1_alpha, n1_beta and north_mgr change; s1 is skipped; n2 left the remit before the job reached it.
        assert (job.result["selected"], job.result["changed"], job.result["skipped"]) == (4, 3, 1)
        assert job.result["skipped_ids"] == [{"id": acme.customers["s1"].id, "reason": "not_managed"}]
    after = customers(app, acme)
    assert {k for k, c in after.items() if c.level == "intention"} == {"n1_alpha", "n1_beta", "north_mgr", "n2"}
    assert after["s1"].level == "effective"
    assert set(audited(app, acme, "level")) == {acme.customers[k].id for k in ("n1_alpha", "n1_beta", "north_mgr")}
    assert customers(app, world.globex)["n1_beta"].level == "potential"


def test_share_status_and_pool_in_bulk(world, app, api_client):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    mine = [acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id]

    shared = rep.post("/api/v1/customers/bulk", json={"action": "share", "user_id": acme.users["rep_n2"].id,
                                                      "ids": mine + [acme.customers["s1_shared"].id]})
    assert shared.get_json()["changed"] == 2 and shared.get_json()["skipped"] == 1
    assert rep.post("/api/v1/customers/bulk", json={"action": "status", "status": "terminated",
                                                    "ids": mine}).get_json()["changed"] == 2
    assert rep.post("/api/v1/customers/bulk", json={"action": "to_pool", "ids": mine}).status_code == 403

    pooled = api_client("acme", "manager_north").post("/api/v1/customers/bulk", json={"action": "to_pool",
                                                                                      "ids": mine})
    assert pooled.status_code == 200 and pooled.get_json()["changed"] == 2
    after = customers(app, acme)
    assert after["n1_alpha"].owner_id is None and after["n1_alpha"].pooled_at is not None
    assert after["n1_beta"].status == "terminated"
    with app.app_context(), tenant_scope(acme.id):  # the shares went with the owner
        assert db.session.scalars(select(CustomerShare).where(CustomerShare.customer_id.in_(mine))).all() == []


@pytest.mark.parametrize("body, field", [
    ({"action": "add_tag", "tag": "x"}, "ids"),
    ({"action": "add_tag", "tag": "x", "ids": [1], "filters": {}}, "ids"),
    ({"action": "reassign", "ids": [1]}, "owner_id"),
    ({"action": "explode", "ids": [1]}, "action"),
    ({"action": "status", "status": "won", "ids": [1]}, "status"),
    ({"action": "add_tag", "tag": "x", "ids": list(range(1, 202))}, "ids"),
    ({"action": "add_tag", "tag": "x", "filters": {"colour": "red"}}, "filters"),
])
def test_bad_bulk_requests_are_field_errors(api_client, body, field):
    response = api_client("acme", "admin").post("/api/v1/customers/bulk", json=body)

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_the_list_offers_rows_per_page_a_total_export_and_bulk_actions(world, app, page_client, redis_db):
    admin = page_client("acme", "admin")

    page = admin.get("/customers/?limit=25").get_data(as_text=True)
    assert '<option value="25" selected>' in page and "7 customers match." in page
    assert 'id="bulk-form"' in page and 'id="export-form"' in page and page.count('name="ids" value=') == 7
    two = admin.get("/customers/?limit=2&sort=name").get_data(as_text=True)
    assert two.count('name="ids" value=') == 2 and "7 customers match." in two and "Next page" in two
    assert admin.get("/customers/?limit=300").status_code == 400

    tagged = admin.post("/customers/bulk", data={"action": "add_tag", "tag": "fair", "scope": "all",
                                                 "filter_region": "South", "page_size": "25"}, follow_redirects=True)
    assert "2 changed, 0 already so, 0 skipped" in tagged.get_data(as_text=True)
    after = customers(app, world.acme)
    assert {k for k, c in after.items() if "fair" in c.tags} == {"s1", "s1_shared"}
    nothing = admin.post("/customers/bulk", data={"action": "add_tag", "tag": "x", "scope": "selected"},
                         follow_redirects=True)
    assert "Pick some customers" in nothing.get_data(as_text=True)

    exported = admin.post("/customers/export", data={"filter_region": "South"})
    assert exported.status_code == 302 and exported.headers["Location"].endswith("/jobs/")
    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.scalars(select(Job).where(Job.kind == "customer_export")).one()
        assert job.params == {"region": "South", "format": "csv"}


def test_the_list_runs_more_than_a_page_as_a_job_shown_on_the_jobs_page(world, app, page_client, redis_db):
    admin = page_client("acme", "admin")

    started = admin.post("/customers/bulk", data={"action": "status", "status": "signed", "scope": "all",
                                                  "page_size": "2"})

    assert started.status_code == 302 and started.headers["Location"].endswith("/jobs/")
    run_worker(app, redis_db)
    page = admin.get("/jobs/").get_data(as_text=True)
    assert "Bulk change of customers" in page and "4 changed, 3 already so, 0 skipped" in page
    assert {c.status for c in customers(app, world.acme).values()} == {"signed"}
