"""Seeing a customer is not managing it: a share lets its user see and log contact records, nothing more.

"See" is scope all, the owner, the owner's unit subtree (unit scope) or a share;
"manage" is the same without shares. Changing a customer's fields, reassigning,
deleting, contacts and shares need "manage" (a 403 for who only sees; the usual
404 for who may not see); logging a contact record needs only "see".
"""
import pytest
from sqlalchemy import func, select

from crm_platform.models import Activity, Contact, Customer, CustomerShare, User
from crm_platform.visibility import can_manage_customer, can_see_customer, customer_manage_criterion

MANAGED = {
    "admin": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "executive": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "manager_north": {"n1_alpha", "n1_beta", "n2", "north_mgr"},
    "manager_south": {"s1", "s1_shared"},
    "rep_n1": {"n1_alpha", "n1_beta"},  # s1_shared is only shared with rep_n1
    "rep_n2": {"n2"},
    "rep_s1": {"s1", "s1_shared"},
}
SEEN = {**MANAGED, "rep_n1": {"n1_alpha", "n1_beta", "s1_shared"}}
CALL = {"kind": "call", "occurred_at": "2026-02-01T10:00:00Z", "subject": "Shared call"}


def _share(api_client, world, owner, customer, user):
    acme = world.acme
    response = api_client("acme", owner).post(f"/api/v1/customers/{acme.customers[customer].id}/shares",
                                              json={"user_id": acme.users[user].id})
    assert response.status_code == 201, response.json


def _snapshot(tenant_session, customer_id):
    """Everything a refused write might have touched."""
    with tenant_session("acme") as session:
        customer = session.get(Customer, customer_id)
        return {
            "fields": (customer.name, customer.owner_id, customer.region, list(customer.tags)),
            "contacts": sorted((c.id, c.name, c.title) for c in session.scalars(
                select(Contact).where(Contact.customer_id == customer_id))),
            "activities": sorted((a.id, a.outcome) for a in session.scalars(
                select(Activity).where(Activity.customer_id == customer_id))),
            "shares": sorted(session.scalars(select(CustomerShare.user_id)
                                             .where(CustomerShare.customer_id == customer_id))),
        }


@pytest.mark.parametrize("role", sorted(MANAGED))
def test_manage_is_see_without_shares(world, tenant_session, role):
    acme = world.acme
    with tenant_session(acme) as session:
        user = session.get(User, acme.users[role].id)
        managed = set(session.scalars(select(Customer.id).where(customer_manage_criterion(user))))
        assert managed == {acme.customers[key].id for key in MANAGED[role]}
        for key, customer in acme.customers.items():
            assert can_manage_customer(user, customer.id) == (key in MANAGED[role])
            assert can_see_customer(user, customer.id) == (key in SEEN[role])
        assert not can_manage_customer(user, world.globex.customers["house"].id)


def test_a_shared_manager_cannot_take_over_the_customer(world, api_client, tenant_session):
    """The reviewer's case: rep_n1 shares with manager_south, who may not reassign, delete or edit it."""
    acme = world.acme
    _share(api_client, world, "rep_n1", "n1_alpha", "manager_south")
    cid = acme.customers["n1_alpha"].id
    contact, activity = acme.contacts["n1_alpha"].id, acme.activities["n1_alpha"].id
    base = f"/api/v1/customers/{cid}"
    before = _snapshot(tenant_session, cid)
    shared = api_client("acme", "manager_south")
    assert shared.get(base).status_code == 200
    assert shared.get(f"{base}/contacts").status_code == 200
    refused = [
        shared.post(f"{base}/reassign", json={"owner_id": acme.users["rep_s1"].id}),
        shared.delete(base),
        shared.patch(base, json={"name": "Taken"}),
        shared.patch(base, json={"owner_id": acme.users["rep_s1"].id}),
        shared.patch(base, json={"tags": ["mine"]}),
        shared.post(f"{base}/contacts", json={"name": "Spy"}),
        shared.patch(f"{base}/contacts/{contact}", json={"title": "Renamed"}),
        shared.delete(f"{base}/contacts/{contact}"),
        shared.post(f"{base}/shares", json={"user_id": acme.users["rep_s1"].id}),
        shared.delete(f"{base}/shares/{acme.users['manager_south'].id}"),
        # manager_south may delete customers, but not this one: nor its owner's contact record.
        shared.patch(f"{base}/activities/{activity}", json={"outcome": "Rewritten"}),
        shared.delete(f"{base}/activities/{activity}"),
    ]
    for response in refused:
        assert response.status_code == 403, (response.request.method, response.request.path, response.json)
        assert response.json["error"]["message"]
    assert _snapshot(tenant_session, cid) == before
    assert api_client("acme", "rep_n1").get(base).status_code == 200


def test_a_shared_user_logs_and_edits_their_own_contact_records(world, api_client, tenant_session):
    acme = world.acme
    _share(api_client, world, "rep_n1", "n1_alpha", "manager_south")
    base = f"/api/v1/customers/{acme.customers['n1_alpha'].id}/activities"
    shared = api_client("acme", "manager_south")
    response = shared.post(base, json=CALL)
    assert response.status_code == 201, response.json
    assert response.json["user"]["id"] == acme.users["manager_south"].id
    own = f"{base}/{response.json['id']}"
    assert shared.patch(own, json={"outcome": "Went well"}).json["outcome"] == "Went well"
    assert api_client("acme", "rep_n1").get(own).json["outcome"] == "Went well"
    assert shared.delete(own).status_code == 204
    assert api_client("acme", "rep_n1").get(own).status_code == 404


def test_a_rep_a_customer_is_shared_with_cannot_change_it(world, api_client, tenant_session):
    acme = world.acme
    cid = acme.customers["s1_shared"].id
    base = f"/api/v1/customers/{cid}"
    before = _snapshot(tenant_session, cid)
    rep = api_client("acme", "rep_n1")
    assert rep.patch(base, json={"name": "Renamed"}).status_code == 403
    assert rep.post(f"{base}/contacts", json={"name": "Spy"}).status_code == 403
    assert rep.patch(f"{base}/contacts/{acme.contacts['s1_shared'].id}", json={"name": "X"}).status_code == 403
    assert rep.delete(f"{base}/contacts/{acme.contacts['s1_shared'].id}").status_code == 403
    assert _snapshot(tenant_session, cid) == before
    assert rep.post(f"{base}/activities", json=CALL).status_code == 201


def test_who_may_not_see_still_gets_404_not_403(world, api_client):
    acme = world.acme
    outsider = api_client("acme", "manager_south")
    cid = acme.customers["n1_alpha"].id
    missing = outsider.patch("/api/v1/customers/999999", json={"name": "X"})
    hidden = outsider.patch(f"/api/v1/customers/{cid}", json={"name": "X"})
    assert (hidden.status_code, hidden.json) == (404, missing.json)
    assert outsider.post(f"/api/v1/customers/{cid}/reassign",
                         json={"owner_id": acme.users["rep_s1"].id}).status_code == 404
    assert outsider.delete(f"/api/v1/customers/{cid}").status_code == 404
    assert outsider.post(f"/api/v1/customers/{cid}/activities", json=CALL).status_code == 404


def test_the_owners_manager_still_manages_a_shared_customer(world, api_client, tenant_session):
    acme = world.acme
    _share(api_client, world, "rep_n1", "n1_alpha", "manager_south")
    cid = acme.customers["n1_alpha"].id
    base = f"/api/v1/customers/{cid}"
    manager = api_client("acme", "manager_north")
    assert manager.patch(base, json={"name": "Alpha Trading Ltd"}).status_code == 200
    response = manager.post(f"{base}/contacts", json={"name": "New buyer"})
    assert response.status_code == 201
    assert manager.patch(f"{base}/contacts/{response.json['id']}", json={"title": "Head"}).status_code == 200
    assert manager.delete(f"{base}/contacts/{response.json['id']}").status_code == 204
    assert manager.patch(f"{base}/activities/{acme.activities['n1_alpha'].id}",
                         json={"outcome": "Checked"}).status_code == 200
    assert manager.post(f"{base}/shares", json={"user_id": acme.users["rep_n2"].id}).status_code == 201
    assert manager.delete(f"{base}/shares/{acme.users['manager_south'].id}").status_code == 204
    assert api_client("acme", "manager_south").get(base).status_code == 404
    response = manager.post(f"{base}/reassign", json={"owner_id": acme.users["rep_n2"].id})
    assert response.status_code == 200 and response.json["owner_id"] == acme.users["rep_n2"].id
    assert manager.delete(base).status_code == 204
    with tenant_session("acme") as session:
        assert session.get(Customer, cid) is None


def test_the_owner_of_a_shared_customer_keeps_managing_it(world, api_client):
    acme = world.acme
    owner = api_client("acme", "rep_s1")
    base = f"/api/v1/customers/{acme.customers['s1_shared'].id}"
    assert owner.patch(base, json={"region": "North"}).status_code == 200
    assert owner.post(f"{base}/contacts", json={"name": "Buyer"}).status_code == 201
    assert owner.delete(f"{base}/shares/{acme.users['rep_n1'].id}").status_code == 204


def test_the_shared_customers_page_offers_no_managing_controls(world, api_client, page_client):
    acme = world.acme
    _share(api_client, world, "rep_n1", "n1_alpha", "manager_south")
    cid = acme.customers["n1_alpha"].id
    body = page_client("acme", "manager_south").get(f"/customers/{cid}").get_data(as_text=True)
    assert f'action="/customers/{cid}/activities"' in body
    for control in (f"/customers/{cid}/edit", f"/customers/{cid}/delete", f'action="/customers/{cid}/reassign"',
                    f'action="/customers/{cid}/contacts"', f"/contacts/{acme.contacts['n1_alpha'].id}/edit",
                    f'action="/customers/{cid}/shares"', f"/customers/{cid}/shares/",
                    f"/activities/{acme.activities['n1_alpha'].id}/delete"):
        assert control not in body, control
    body = page_client("acme", "manager_north").get(f"/customers/{cid}").get_data(as_text=True)
    for control in (f"/customers/{cid}/edit", f"/customers/{cid}/delete", f'action="/customers/{cid}/reassign"',
                    f'action="/customers/{cid}/contacts"', f"/contacts/{acme.contacts['n1_alpha'].id}/edit",
                    f'action="/customers/{cid}/shares"', f"/customers/{cid}/shares/{acme.users['manager_south'].id}"):
        assert control in body, control


def test_the_shared_customers_page_forms_are_403_and_write_nothing(world, api_client, page_client, tenant_session):
    acme = world.acme
    _share(api_client, world, "rep_n1", "n1_alpha", "manager_south")
    cid = acme.customers["n1_alpha"].id
    contact, activity = acme.contacts["n1_alpha"].id, acme.activities["n1_alpha"].id
    before = _snapshot(tenant_session, cid)
    client = page_client("acme", "manager_south")
    for url in (f"/customers/{cid}/edit", f"/customers/{cid}/delete", f"/customers/{cid}/contacts/{contact}/edit"):
        assert client.get(url).status_code == 403, url
    form = {"name": "Taken", "kind": "company", "status": "signed", "level": "effective",
            "owner_id": acme.users["rep_s1"].id, "user_id": acme.users["rep_s1"].id}
    for url in (f"/customers/{cid}/edit", f"/customers/{cid}/delete", f"/customers/{cid}/reassign",
                f"/customers/{cid}/contacts", f"/customers/{cid}/contacts/{contact}/edit",
                f"/customers/{cid}/contacts/{contact}/delete", f"/customers/{cid}/shares",
                f"/customers/{cid}/shares/{acme.users['manager_south'].id}/delete",
                f"/customers/{cid}/activities/{activity}/delete"):
        assert client.post(url, data=form).status_code == 403, url
    # Refused before the input is read: bad input is a 403 too, not a form with errors.
    assert client.post(f"/customers/{cid}/contacts", data={"name": ""}).status_code == 403
    assert _snapshot(tenant_session, cid) == before
    response = client.post(f"/customers/{cid}/activities", data={"kind": "visit", "occurred_at": "2026-02-01T10:00"})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count(Activity.id)).where(
            Activity.customer_id == cid, Activity.user_id == acme.users["manager_south"].id)) == 1
