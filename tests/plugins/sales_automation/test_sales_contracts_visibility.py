"""Who sees which contracts and quotes: through the customer (GUIDE section 4), or as the owner.

The property test takes the core's random org charts (units, moves, roles, active
flags, shares), adds contracts on random customers and owners, and checks that
every user's paginated list, and the one-contract lookup the API and pages use,
hold exactly the contracts the rules give: those whose customer the user may
see, plus those they own.
"""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug.exceptions import NotFound

from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope

from plugins.sales_automation.contracts.service import contract_or_404, contract_page
from plugins.sales_automation.models import Contract
from sales_documents_support import quote_for
# The core's property test of customer visibility: its random org charts and its model of the rules.
from visibility_support import apply_moves, build_tenant, expected_records, orgs_with_records


def add_contracts(tenant_id, user_ids, customer_ids, contracts):
    """The example's contracts, on their customers and owners; their ids."""
    with tenant_scope(tenant_id):
        rows = [Contract(number=f"HT-{k}", title=f"K{k}", customer_id=customer_ids[c], owner_id=user_ids[owner],
                         amount=Decimal("1.00"), start_date=date(2026, 1, 1)) for k, (c, owner) in enumerate(contracts)]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def listed(user):
    """Every contract id of the user's list, page by page (pages of 2)."""
    ids, cursor = [], None
    while True:
        rows, cursor = contract_page(user, {"limit": 2, "cursor": cursor})
        ids += [row.id for row in rows]
        if cursor is None:
            return ids


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=orgs_with_records())
def test_a_contract_is_listed_and_found_exactly_when_the_rules_say(app, example):
    (parents, users, customers, shares, moves), contracts = example
    final_parents, accepted = apply_moves(parents, moves)
    # Seen through its customer, or by its owner.
    rules = expected_records(final_parents, users, customers, shares, contracts)
    with app.app_context():
        tenant_id, user_ids, customer_ids = build_tenant(parents, users, customers, shares, accepted)
        contract_ids = add_contracts(tenant_id, user_ids, customer_ids, contracts)
        with tenant_scope(tenant_id):
            for u, user_id in enumerate(user_ids):
                user = db.session.get(User, user_id)
                ids = listed(user)
                assert len(ids) == len(set(ids)), "a contract appeared on two pages"
                assert set(ids) == {contract_ids[k] for k in rules[u]}, f"user {u} {users[u]}"
                for k, contract_id in enumerate(contract_ids):
                    try:
                        found = contract_or_404(user, contract_id).id == contract_id
                    except NotFound:
                        found = False
                    assert found == (k in rules[u])


@pytest.mark.parametrize("kind", ["contracts", "quotes"])
def test_reps_see_their_own_managers_their_unit_executives_all(sales, api_client, tenant_session, kind):
    with tenant_session("acme") as session:
        ids = {}
        for customer, owner in (("n1_alpha", "rep_n1"), ("n2", "rep_n2"), ("s1", "rep_s1")):
            quote = quote_for(session, sales.acme, customer=customer, owner=owner, status="accepted")
            session.flush()
            ids[customer] = quote.id if kind == "quotes" else None
        session.commit()
    if kind == "contracts":
        for customer, owner in (("n1_alpha", "rep_n1"), ("n2", "rep_n2"), ("s1", "rep_s1")):
            body = {"customer_id": sales.acme.customers[customer].id, "title": customer, "amount": "10.00"}
            ids[customer] = api_client("acme", owner).post("/api/v1/sales/contracts", json=body).get_json()["id"]
    expected_seen = {"rep_n1": {"n1_alpha"}, "rep_n2": {"n2"}, "manager_north": {"n1_alpha", "n2"},
                     "manager_south": {"s1"}, "executive": {"n1_alpha", "n2", "s1"},
                     "admin": {"n1_alpha", "n2", "s1"}}
    for user, seen in expected_seen.items():
        client = api_client("acme", user)
        items = client.get(f"/api/v1/sales/{kind}").get_json()["items"]
        assert {item["id"] for item in items} == {ids[c] for c in seen}, user
        for customer, record_id in ids.items():
            answer = client.get(f"/api/v1/sales/{kind}/{record_id}")
            assert answer.status_code == (200 if customer in seen else 404), (user, customer)
    outsider = api_client("globex", "admin")
    assert outsider.get(f"/api/v1/sales/{kind}/{ids['n1_alpha']}").status_code == 404
    assert outsider.get(f"/api/v1/sales/{kind}").get_json()["items"] == []


def test_the_owner_of_a_contract_sees_it_on_a_customer_they_cannot_see(sales, api_client):
    body = {"customer_id": sales.acme.customers["s1"].id, "title": "Routed", "amount": "10.00",
            "owner_id": sales.acme.users["rep_n2"].id}
    # Only an all-scope role may route a contract across units (a manager's reach is their unit).
    made = api_client("acme", "executive").post("/api/v1/sales/contracts", json=body).get_json()
    rep = api_client("acme", "rep_n2")
    assert rep.get(f"/api/v1/sales/contracts/{made['id']}").status_code == 200
    assert [item["id"] for item in rep.get("/api/v1/sales/contracts").get_json()["items"]] == [made["id"]]
    assert rep.patch(f"/api/v1/sales/contracts/{made['id']}", json={"notes": "called"}).status_code == 200
    assert rep.get(f"/api/v1/customers/{sales.acme.customers['s1'].id}").status_code == 404
