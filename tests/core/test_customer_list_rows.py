"""The lean list (customers/list_rows.py) answers exactly what the schema's dump of the same customers gives.

Random customers (every column null or not, tags in several scripts and cases,
custom fields of every type, shares, owners or none, pooled ones) are added to
a workspace; then, for users of each scope and a random sort, every page of
`GET /api/v1/customers` (and of `/api/v1/pool`) must equal `CustomerSchema`
(`PoolCustomerSchema`) dumping the ORM customers that the ORM path pages
through, in the same order.
"""
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select

from crm_platform.custom_fields import values
from crm_platform.custom_fields.types import TYPES, parse
from crm_platform.customers.queries import customer_page
from crm_platform.customers.schemas import SORTS, CustomerSchema
from crm_platform.customers.standard_fields import INDUSTRIES, SOURCES
from crm_platform.models import Customer, CustomerShare, CustomFieldDefinition, User
from crm_platform.models.customers import KINDS, LEVELS, STATUSES
from crm_platform.pool.schemas import PoolCustomerSchema
from statements_support import statements

CHOICES = ["A", "B", "C"]
# Letters of several scripts and cases, so that sorting tags shows any difference of collation.
TEXT = st.text(alphabet=st.sampled_from("aAbBzZ é中文ßİı_-1"), min_size=1, max_size=12)
MAYBE_TEXT = st.none() | TEXT
MOMENTS = st.none() | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                                   timezones=st.just(timezone.utc))
DIVISIONS = st.sampled_from([None, "110000", "330000", "330100", "330106", "999999"])
FIELD_VALUES = {
    "text": TEXT, "number": st.decimals(min_value=-10**6, max_value=10**6, places=3),
    "money": st.decimals(min_value=0, max_value=10**8, places=2),
    "date": st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    "choice": st.sampled_from(CHOICES), "multi_choice": st.lists(st.sampled_from(CHOICES), unique=True),
    "user": st.just("user"), "yes_no": st.booleans(),
}
CUSTOMERS = st.fixed_dictionaries({
    "name": TEXT, "kind": st.sampled_from(KINDS), "status": st.sampled_from(STATUSES),
    "level": st.sampled_from(LEVELS), "region": MAYBE_TEXT, "phone": MAYBE_TEXT, "email": MAYBE_TEXT,
    "address": MAYBE_TEXT, "notes": MAYBE_TEXT, "mobile": MAYBE_TEXT, "wechat": MAYBE_TEXT,
    "website": MAYBE_TEXT, "credit_code": st.booleans(),
    "care_date": st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    "industry": st.none() | st.sampled_from(INDUSTRIES), "source": st.none() | st.sampled_from(SOURCES),
    "province_code": DIVISIONS, "city_code": DIVISIONS, "district_code": DIVISIONS,
    "last_contacted_at": MOMENTS, "next_follow_up_at": MOMENTS,
    "tags": st.lists(TEXT, max_size=4), "owner": st.sampled_from([None, "rep_n1", "rep_n2", "manager_north", "admin"]),
    "shared_with": st.lists(st.sampled_from(["rep_n1", "rep_n2", "rep_s1"]), unique=True, max_size=2),
    "pooled": st.booleans(),
    "custom": st.fixed_dictionaries({}, optional={kind: FIELD_VALUES[kind] for kind in TYPES}),
})


@pytest.fixture
def acme_fields(world, tenant_session):
    """A customer custom field of every type in acme (besides the world's `grade`)."""
    with tenant_session("acme") as session:
        session.add_all([CustomFieldDefinition(entity="customer", key=f"f_{kind}", label=kind.title(), type=kind,
                                               choices=CHOICES if kind in ("choice", "multi_choice") else [],
                                               position=index + 1) for index, kind in enumerate(TYPES)])
        session.commit()
    return world


def add_customers(world, tenant_session, drawn):
    """Write the drawn customers into acme as a page, a job or an import could have left them."""
    acme = world.acme
    with tenant_session("acme") as session:
        fields = {d.type: d for d in session.scalars(select(CustomFieldDefinition).where(
            CustomFieldDefinition.key.startswith("f_")))}
        for spec in drawn:
            owner = acme.users[spec["owner"]].id if spec["owner"] else None
            columns = {k: v for k, v in spec.items() if k in Customer.__mapper__.columns}
            customer = Customer(**{**columns, "owner_id": None if spec["pooled"] else owner,
                                   "credit_code": uuid.uuid4().hex[:18].upper() if spec["credit_code"] else None,
                                   "pooled_at": datetime(2026, 1, 1, tzinfo=timezone.utc) if spec["pooled"] else None,
                                   "pool_unit_id": acme.units["north"].id if spec["pooled"] and owner else None})
            customer.tags = spec["tags"]
            session.add(customer)
            session.flush()
            for user_key in spec["shared_with"]:
                session.add(CustomerShare(customer_id=customer.id, user_id=acme.users[user_key].id))
            cleaned = {}
            for kind, value in spec["custom"].items():
                field = fields[kind]
                cleaned[field.key] = parse(field, acme.users["rep_n2"].id if kind == "user" else value)
            values.write("customer", customer.id, {**cleaned, **({"grade": "B"} if spec["pooled"] else {})})
        session.commit()


def expected_pages(world, tenant_session, user_key, args, schema_class, pool):
    """The ORM path's pages, each customer dumped by the schema: what the lean list must answer."""
    items, cursor = [], None
    with tenant_session("acme", world.acme.users[user_key].id) as session:
        user = session.get(User, world.acme.users[user_key].id)
        while True:
            rows, cursor = customer_page(user, {**args, "cursor": cursor}, pool=pool)
            items += schema_class().dump(rows, many=True)
            if cursor is None:
                return items


def lean_pages(client, url, args):
    """Every item of every page of `url` with `args`."""
    items, cursor = [], None
    while True:
        response = client.get(url, query_string={**args, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.get_json()
        items += response.get_json()["items"]
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            return items


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(drawn=st.lists(CUSTOMERS, min_size=1, max_size=5), sort=st.sampled_from(SORTS),
       limit=st.integers(min_value=1, max_value=7))
def test_the_lean_list_answers_the_schemas_dump(acme_fields, api_client, tenant_session, drawn, sort, limit):
    add_customers(acme_fields, tenant_session, drawn)
    args = {"sort": sort, "limit": limit}
    for user_key in ("executive", "manager_north", "rep_n1"):
        client = api_client("acme", user_key)
        assert lean_pages(client, "/api/v1/customers", args) == expected_pages(
            acme_fields, tenant_session, user_key, args, CustomerSchema, pool=False)
        assert lean_pages(client, "/api/v1/pool", args) == expected_pages(
            acme_fields, tenant_session, user_key, args, PoolCustomerSchema, pool=True)


def test_null_and_full_customers_dump_alike(acme_fields, api_client, tenant_session):
    """The two ends by hand: every field empty, and every field set (custom fields of each type)."""
    empty = {"name": "Bare", "kind": "person", "status": "following", "level": "potential", "credit_code": False,
             "tags": [], "owner": "admin", "shared_with": [], "pooled": False, "custom": {}}
    full = {**empty, "name": "Full", "kind": "company", "region": "North", "phone": "+86 10 5555 0101",
            "email": "full@example.test", "address": "1 Road", "notes": "n", "mobile": "13800000000",
            "wechat": "wx", "website": "https://full.test", "credit_code": True, "care_date": date(1999, 12, 31),
            "industry": INDUSTRIES[0], "source": SOURCES[0], "province_code": "330000", "city_code": "330100",
            "district_code": "330106", "last_contacted_at": datetime(2026, 1, 2, 3, 4, 5, 678901, timezone.utc),
            "next_follow_up_at": datetime(2026, 2, 1, tzinfo=timezone.utc) + timedelta(microseconds=1),
            "tags": ["b", "A", "中"], "shared_with": ["rep_n1"],
            "custom": {"text": "t", "number": Decimal("-1.250"), "money": Decimal("12.50"), "date": date(2020, 2, 29),
                       "choice": "B", "multi_choice": ["C", "A"], "user": "user", "yes_no": False}}
    add_customers(acme_fields, tenant_session, [empty, full])
    client = api_client("acme", "executive")
    items = {item["name"]: item for item in lean_pages(client, "/api/v1/customers", {"q": "u"})}
    assert set(items) >= {"Full"}
    expected = {item["name"]: item for item in expected_pages(acme_fields, tenant_session, "executive", {},
                                                               CustomerSchema, pool=False)}
    assert items["Full"] == expected["Full"]
    assert items["Full"]["custom_fields"]["f_multi_choice"] == ["A", "C"]
    assert items["Full"]["owner"] == {"id": acme_fields.acme.users["admin"].id, "name": "Admin",
                                      "email": "admin@example.test"}
    bare = lean_pages(client, "/api/v1/customers", {"q": "Bare"})
    assert bare == [expected["Bare"]] and bare[0]["tags"] == [] and bare[0]["province"] is None


@pytest.mark.parametrize("user_key", ["executive", "manager_north", "rep_n1"])
def test_a_page_costs_three_statements_with_authentication_and_custom_fields(app, acme_fields, api_client,
                                                                             tenant_session, user_key):
    add_customers(acme_fields, tenant_session, [{**spec, "shared_with": ["rep_n1"]} for spec in (
        {"name": name, "kind": "company", "status": "signed", "level": "effective", "credit_code": False,
         "tags": ["t1", "t2"], "owner": "rep_n1", "pooled": False, "custom": {"choice": "A", "multi_choice": ["B"]}}
        for name in ("Kappa", "Lambda", "Mu"))])
    client = api_client("acme", user_key)
    first = client.get("/api/v1/customers?limit=2")  # the first use of the token writes its last use
    with statements(app) as sent:
        first = client.get("/api/v1/customers?limit=2")
        later = client.get(f"/api/v1/customers?limit=2&cursor={first.get_json()['next_cursor']}")
    assert first.status_code == later.status_code == 200
    assert len(first.get_json()["items"]) == len(later.get_json()["items"]) == 2
    # Per request: the principal, the page (owners joined, tags aggregated), the custom fields with their values.
    assert len(sent) == 6, sent


def test_without_custom_fields_a_page_costs_two_statements(app, world, api_client, tenant_session):
    with tenant_session("globex") as session:
        session.execute(delete(CustomFieldDefinition))
        session.commit()
    client = api_client("globex", "executive")
    client.get("/api/v1/customers?limit=2")
    with statements(app) as sent:
        page = client.get("/api/v1/customers?limit=2")
    assert page.status_code == 200 and len(page.get_json()["items"]) == 2
    assert all(item["custom_fields"] == {} for item in page.get_json()["items"])
    assert len(sent) == 2, sent
    # acme still has its field: its values come in a third statement.
    client = api_client("acme", "executive")
    client.get("/api/v1/customers?limit=2")
    with statements(app) as sent:
        page = client.get("/api/v1/customers?limit=2")
    assert [item["custom_fields"] for item in page.get_json()["items"]] == [{"grade": None}] * 2
    assert len(sent) == 3, sent


@pytest.mark.parametrize(("url", "page"), [("/api/v1/customers", "CustomerPage"), ("/api/v1/pool", "PoolPage")])
def test_the_openapi_document_describes_what_the_lean_list_answers(acme_fields, api_client, tenant_session, url,
                                                                   page):
    """The document is still generated from the schemas, and the lean list answers exactly its readable properties."""
    add_customers(acme_fields, tenant_session, [
        {"name": "Doc", "kind": "company", "status": "signed", "level": "effective", "credit_code": False,
         "tags": ["t"], "owner": "rep_n1", "shared_with": [], "pooled": url.endswith("pool"), "custom": {}}])
    client = api_client("acme", "executive")
    spec = client.get("/api/openapi.json").get_json()
    documented = spec["paths"][url]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert documented == {"$ref": f"#/components/schemas/{page}"}
    item = spec["components"]["schemas"][page]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]
    items = lean_pages(client, url, {})
    readable = {key for key, described in spec["components"]["schemas"][item]["properties"].items()
                if not described.get("writeOnly")}
    assert items and all(set(answered) == readable for answered in items)
