"""Claiming from the pool (within the daily limit), assigning from it, and moving a customer to it by hand."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Customer, OrgUnit, PoolMove
from crm_platform.tenancy import tenant_scope
from pool_support import set_workspace, to_pool


def test_a_member_claims_a_pooled_customer_and_the_move_is_audited_and_on_its_page(world, tenant_session, api_client,
                                                                                    page_client, app):
    acme = world.acme
    to_pool(tenant_session, acme, "n2")
    n2 = acme.customers["n2"].id
    rep = api_client("acme", "rep_n1")

    response = rep.post(f"/api/v1/pool/{n2}/claim")

    assert response.status_code == 200 and response.get_json()["owner_id"] == acme.users["rep_n1"].id
    assert n2 in {item["id"] for item in rep.get("/api/v1/customers").get_json()["items"]}
    assert rep.get("/api/v1/pool").get_json()["items"] == []
    assert rep.get("/api/v1/pool/claims").get_json() == {"limit": 5, "claimed_today": 1, "left": 4}
    with app.app_context(), tenant_scope(acme.id):
        customer = db.session.get(Customer, n2)
        assert customer.pooled_at is None and customer.pool_unit_id is None
        moves = db.session.scalars(select(PoolMove).where(PoolMove.customer_id == n2).order_by(PoolMove.created_at)).all()
        assert [(m.move, m.actor_id, m.owner_id) for m in moves] == [
            ("to_pool", None, acme.users["rep_n2"].id), ("claim", acme.users["rep_n1"].id, acme.users["rep_n1"].id)]
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer", AuditEntry.entity_id == n2)
                                   .order_by(AuditEntry.created_at.desc())).first()
        rep_n1 = acme.users["rep_n1"].id
        assert entry.actor_id == rep_n1 and entry.changes["owner_id"] == [None, rep_n1]
    page = page_client("acme", "rep_n1").get(f"/customers/{n2}").get_data(as_text=True)
    assert 'id="pool-history"' in page and "Claimed from the pool" in page and "Moved to the pool" in page
    # Taken: a second claim, by anyone, is refused.
    assert api_client("acme", "manager_north").post(f"/api/v1/pool/{n2}/claim").status_code == 409


def test_claims_stop_at_the_daily_limit_and_start_again_the_next_day(world, tenant_session, api_client, app):
    acme = world.acme
    set_workspace(tenant_session, acme, pool_claim_limit=2)
    to_pool(tenant_session, acme, "n1_alpha", "n2", "house")
    rep = api_client("acme", "rep_n1")
    claim = lambda key: rep.post(f"/api/v1/pool/{acme.customers[key].id}/claim")  # noqa: E731

    assert claim("n1_alpha").status_code == 200 and claim("n2").status_code == 200
    refused = claim("house")
    assert refused.status_code == 409 and "limit" in refused.get_json()["error"]["message"]
    assert rep.get("/api/v1/pool/claims").get_json() == {"limit": 2, "claimed_today": 2, "left": 0}
    # Another member's limit is their own.
    assert api_client("acme", "rep_n2").post(f"/api/v1/pool/{acme.customers['house'].id}/claim").status_code == 200
    to_pool(tenant_session, acme, "house")
    with app.app_context(), tenant_scope(acme.id):  # the claims were made yesterday
        for move in db.session.scalars(select(PoolMove).where(PoolMove.move == "claim")):
            move.created_at -= timedelta(days=1)
        db.session.commit()
    assert claim("house").status_code == 200


def test_a_limit_of_zero_leaves_the_pool_to_managers(world, tenant_session, api_client):
    acme = world.acme
    set_workspace(tenant_session, acme, pool_claim_limit=0)
    to_pool(tenant_session, acme, "n1_alpha")
    n1_alpha = acme.customers["n1_alpha"].id

    assert api_client("acme", "rep_n1").post(f"/api/v1/pool/{n1_alpha}/claim").status_code == 409
    assigned = api_client("acme", "manager_north").post(f"/api/v1/pool/{n1_alpha}/assign",
                                                        json={"owner_id": acme.users["rep_n1"].id})
    assert assigned.status_code == 200 and assigned.get_json()["owner_id"] == acme.users["rep_n1"].id


def test_managers_assign_from_their_pools_to_users_of_their_subtree_only(world, tenant_session, api_client, app):
    acme = world.acme
    to_pool(tenant_session, acme, "n1_alpha", "s1")
    manager = api_client("acme", "manager_north")
    n1_alpha, s1 = acme.customers["n1_alpha"].id, acme.customers["s1"].id

    outside = manager.post(f"/api/v1/pool/{n1_alpha}/assign", json={"owner_id": acme.users["rep_s1"].id})
    assert outside.status_code == 422 and "owner_id" in outside.get_json()["error"]["fields"]
    assert manager.post(f"/api/v1/pool/{s1}/assign", json={"owner_id": acme.users["rep_n2"].id}).status_code == 404
    assert api_client("acme", "rep_n1").post(f"/api/v1/pool/{n1_alpha}/assign",
                                             json={"owner_id": acme.users["rep_n1"].id}).status_code == 403
    assert manager.post(f"/api/v1/pool/{n1_alpha}/assign", json={}).status_code == 422

    rep_n2 = acme.users["rep_n2"].id
    assert manager.post(f"/api/v1/pool/{n1_alpha}/assign", json={"owner_id": rep_n2}).status_code == 200
    # Assignments do not count against anyone's claims.
    assert api_client("acme", "rep_n2").get("/api/v1/pool/claims").get_json()["claimed_today"] == 0
    with app.app_context(), tenant_scope(acme.id):
        move = db.session.scalars(select(PoolMove).where(PoolMove.move == "assign")).one()
        assert (move.actor_id, move.owner_id, move.pool_unit_id) == (
            acme.users["manager_north"].id, acme.users["rep_n2"].id, acme.units["north1"].id)


def test_managers_move_customers_of_their_remit_to_the_pool_by_hand(world, api_client, page_client, app):
    acme = world.acme
    n1_beta, s1 = acme.customers["n1_beta"].id, acme.customers["s1"].id

    assert api_client("acme", "rep_n1").post(f"/api/v1/customers/{n1_beta}/pool").status_code == 403
    assert api_client("acme", "manager_north").post(f"/api/v1/customers/{s1}/pool").status_code == 404
    moved = api_client("acme", "manager_north").post(f"/api/v1/customers/{n1_beta}/pool")
    assert moved.status_code == 200 and moved.get_json()["pool_unit_id"] == acme.units["north1"].id
    assert api_client("acme", "manager_north").post(f"/api/v1/customers/{n1_beta}/pool").status_code == 409
    with app.app_context(), tenant_scope(acme.id):
        move = db.session.scalars(select(PoolMove)).one()
        assert (move.reason, move.actor_id, move.owner_id) == ("manual", acme.users["manager_north"].id,
                                                               acme.users["rep_n1"].id)
    # Claiming a customer that is not pooled is refused.
    assert api_client("acme", "rep_n1").post(f"/api/v1/pool/{acme.customers['n1_alpha'].id}/claim").status_code == 409


def test_the_pages_claim_assign_and_move(world, tenant_session, page_client):
    acme = world.acme
    n1_beta = acme.customers["n1_beta"].id
    manager = page_client("acme", "manager_north")

    detail = manager.get(f"/customers/{n1_beta}").get_data(as_text=True)
    assert f'action="/pool/move/{n1_beta}"' in detail
    assert manager.post(f"/pool/move/{n1_beta}").status_code == 302
    assert "Beta Foods" in manager.get("/pool/").get_data(as_text=True)

    rep = page_client("acme", "rep_n1")
    claimed = rep.post(f"/pool/{n1_beta}/claim", data={"next": "pool"}, follow_redirects=True)
    assert claimed.status_code == 200 and "You now own Beta Foods." in claimed.get_data(as_text=True)
    again = rep.post(f"/pool/{n1_beta}/claim", follow_redirects=True)
    assert "not in the pool" in again.get_data(as_text=True)

    manager.post(f"/pool/move/{n1_beta}")
    assigned = manager.post(f"/pool/{n1_beta}/assign", data={"owner_id": acme.users["rep_n2"].id},
                            follow_redirects=True)
    assert "Beta Foods now belongs to Rep N2." in assigned.get_data(as_text=True)


def test_a_unit_whose_pool_holds_customers_is_not_deleted(world, tenant_session, api_client):
    acme = world.acme
    with tenant_session("acme") as session:  # an empty team, then a customer in its pool
        unit = OrgUnit(name="Spare", kind="team", parent_id=acme.units["north"].id)
        session.add(unit)
        session.flush()
        unit.path = f"/{acme.units['company'].id}/{acme.units['north'].id}/{unit.id}/"
        session.get(Customer, acme.customers["n2"].id).owner_id = None
        session.get(Customer, acme.customers["n2"].id).pool_unit_id = unit.id
        session.commit()
        unit_id = unit.id
    admin = api_client("acme", "admin")

    assert admin.delete(f"/api/v1/org-units/{unit_id}").status_code == 409
