"""Who sees which contracts and quotes: through the customer (GUIDE section 4), or as the owner.

The property test builds random org charts with contracts on random customers and
owners, and checks that every user's paginated list, and the one-contract lookup
the API and pages use, hold exactly the contracts the rules give: those whose
customer the user may see, plus those they own.
"""
import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import NotFound

from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerShare, OrgUnit, Tenant, User
from crm_platform.roles import get_role
from crm_platform.tenancy import tenant_scope

from plugins.sales_automation.contracts.service import contract_or_404, contract_page
from plugins.sales_automation.models import Contract
from sales_documents_support import quote_for

ROLES = ["admin", "executive", "manager", "rep", "finance"]


@st.composite
def orgs(draw):
    """Units (parent indexes), users (role, unit), customers (owner), shares, contracts (customer, owner)."""
    n_units = draw(st.integers(1, 4))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n_units)]
    users = draw(st.lists(st.tuples(st.sampled_from(ROLES), st.none() | st.integers(0, n_units - 1)),
                          min_size=1, max_size=5))
    customers = draw(st.lists(st.none() | st.integers(0, len(users) - 1), min_size=1, max_size=6))
    shares = draw(st.sets(st.tuples(st.integers(0, len(customers) - 1), st.integers(0, len(users) - 1)), max_size=3))
    contracts = draw(st.lists(st.tuples(st.integers(0, len(customers) - 1), st.integers(0, len(users) - 1)),
                              max_size=8))
    return parents, users, customers, shares, contracts


def _in_subtree(parents, unit, below):
    while below is not None:
        if below == unit:
            return True
        below = parents[below]
    return False


def expected(parents, users, customers, shares, contracts):
    """{user index: contract indexes} by the rules, independently of the SQL."""
    seen = {}
    for u, (role, unit) in enumerate(users):
        scope = get_role(role).scope
        visible_customers = {c for c, owner in enumerate(customers)
                             if scope == "all" or owner == u or (c, u) in shares
                             or (scope == "unit" and unit is not None and owner is not None
                                 and _in_subtree(parents, unit, users[owner][1]))}
        seen[u] = {k for k, (c, owner) in enumerate(contracts) if c in visible_customers or owner == u}
    return seen


def build(parents, users, customers, shares, contracts):
    """The example's tenant; (tenant id, user ids, contract ids)."""
    tenant = Tenant(name="Property", slug=f"prop-{uuid.uuid4().hex[:12]}", settings={})
    db.session.add(tenant)
    db.session.flush()
    with tenant_scope(tenant.id):
        units = []
        for i, parent in enumerate(parents):
            unit = OrgUnit(name=f"U{i}", kind="team", parent_id=units[parent].id if parent is not None else None)
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{units[parent].path if parent is not None else '/'}{unit.id}/"
            units.append(unit)
        user_rows = [User(name=f"User {i}", email=f"u{i}@example.test", password_hash="unused", role=role,
                          org_unit_id=units[unit].id if unit is not None else None)
                     for i, (role, unit) in enumerate(users)]
        db.session.add_all(user_rows)
        db.session.flush()
        customer_rows = [Customer(name=f"C{i}", owner_id=user_rows[owner].id if owner is not None else None)
                         for i, owner in enumerate(customers)]
        db.session.add_all(customer_rows)
        db.session.flush()
        db.session.add_all(CustomerShare(customer_id=customer_rows[c].id, user_id=user_rows[u].id) for c, u in shares)
        contract_rows = [Contract(number=f"HT-{k}", title=f"K{k}", customer_id=customer_rows[c].id,
                                  owner_id=user_rows[owner].id, amount=Decimal("1.00"), start_date=date(2026, 1, 1))
                         for k, (c, owner) in enumerate(contracts)]
        db.session.add_all(contract_rows)
        db.session.commit()
        return tenant.id, [u.id for u in user_rows], [k.id for k in contract_rows]


def listed(user):
    """Every contract id of the user's list, page by page (pages of 2)."""
    ids, cursor = [], None
    while True:
        rows, cursor = contract_page(user, {"limit": 2, "cursor": cursor})
        ids += [row.id for row in rows]
        if cursor is None:
            return ids


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(org=orgs())
def test_a_contract_is_listed_and_found_exactly_when_the_rules_say(app, org):
    with app.app_context():
        rules = expected(*org)  # the module's Finance role is known inside the app
        tenant_id, user_ids, contract_ids = build(*org)
        with tenant_scope(tenant_id):
            for u, user_id in enumerate(user_ids):
                user = db.session.get(User, user_id)
                ids = listed(user)
                assert len(ids) == len(set(ids)), "a contract appeared on two pages"
                assert set(ids) == {contract_ids[k] for k in rules[u]}, f"user {u} {org[1][u]}"
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
    made = api_client("acme", "manager_south").post("/api/v1/sales/contracts", json=body).get_json()
    rep = api_client("acme", "rep_n2")
    assert rep.get(f"/api/v1/sales/contracts/{made['id']}").status_code == 200
    assert [item["id"] for item in rep.get("/api/v1/sales/contracts").get_json()["items"]] == [made["id"]]
    assert rep.patch(f"/api/v1/sales/contracts/{made['id']}", json={"notes": "called"}).status_code == 200
    assert rep.get(f"/api/v1/customers/{sales.acme.customers['s1'].id}").status_code == 404
