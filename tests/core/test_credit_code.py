"""The Unified Social Credit Code (统一社会信用代码) of company customers (issue 9 item 5)."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from stdnum.cn import uscc

from crm_platform.identity.companies import credit_code, validate_credit_code
from crm_platform.imports.duplicates import existing_matches, keys_of
from crm_platform.imports.mapping import suggest
from crm_platform.imports.planning import Planner
from crm_platform.models import Customer, User
from marshmallow import ValidationError
from search_support import create

# Real-format codes; the last character is the check digit computed from the 17 before it.
BASE = ("91110000600037341", "91310000MA1FL8TJ5", "91440300708461136")
VALID = [base + uscc.calc_check_digit(base) for base in BASE]
NOT_VALID = "This is not a valid Unified Social Credit Code"


def _wrong_check(code):
    return code[:-1] + ("0" if code[-1] != "0" else "1")


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass_and_a_wrong_check_digit_does_not(code):
    validate_credit_code(code)
    validate_credit_code(f" {code[:6].lower()} {code[6:]} ")  # typed in lower case with spaces
    with pytest.raises(ValidationError):
        validate_credit_code(_wrong_check(code))


@pytest.mark.parametrize("bad", ["12345", "91110000600037341LX", "9111000060003734IL", "ＡＢＣ"])
def test_wrong_lengths_and_characters_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_credit_code(bad)


def test_codes_are_stored_compact_and_upper_case():
    assert credit_code(" 9111 0000 6000 3734 1l ") == "91110000600037341L"
    assert credit_code("") is None and credit_code("  ") is None and credit_code(None) is None


def test_the_api_validates_normalises_and_reads_back_the_code(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    created = create(rep, name="Beijing Motors", credit_code=VALID[0].lower())
    assert created["credit_code"] == VALID[0]
    response = rep.post("/api/v1/customers", json={"name": "Bad Code", "credit_code": _wrong_check(VALID[1])})
    assert response.status_code == 422 and NOT_VALID in response.json["error"]["fields"]["credit_code"][0]
    response = rep.post("/api/v1/customers", json={"name": "Wang Wei", "kind": "person", "credit_code": VALID[1]})
    assert response.status_code == 422 and "credit_code" in response.json["error"]["fields"]
    assert rep.patch(f"/api/v1/customers/{created['id']}", json={"credit_code": ""}).json["credit_code"] is None
    with tenant_session("acme") as session:
        assert session.scalar(select(Customer.credit_code).where(Customer.id == created["id"])) is None


def test_a_code_is_unique_per_workspace_with_a_field_error_not_a_500(world, api_client):
    rep = api_client("acme", "rep_n1")
    first = create(rep, name="Shanghai Electric", credit_code=VALID[1])
    # Even past the duplicate warning: the code belongs to one customer only.
    response = rep.post("/api/v1/customers", json={"name": "Other", "credit_code": VALID[1], "allow_duplicate": True})
    assert response.status_code == 422 and "credit_code" in response.json["error"]["fields"]
    other = create(rep, name="Other")
    response = rep.patch(f"/api/v1/customers/{other['id']}", json={"credit_code": VALID[1].lower()})
    assert response.status_code == 422 and "credit_code" in response.json["error"]["fields"]
    assert rep.patch(f"/api/v1/customers/{first['id']}", json={"credit_code": VALID[1]}).status_code == 200
    # Another workspace may register the same company.
    create(api_client("globex", "rep_n1"), name="Shanghai Electric", credit_code=VALID[1])


def test_the_form_and_the_detail_page_show_the_code(world, page_client, tenant_session):
    client = page_client("acme", "rep_n1")
    response = client.post("/customers/new", data={"name": "Shenzhen Tech", "kind": "company",
                                                   "credit_code": _wrong_check(VALID[2])})
    assert response.status_code == 422 and NOT_VALID in response.get_data(as_text=True)
    response = client.post("/customers/new", data={"name": "Shenzhen Tech", "kind": "company",
                                                   "credit_code": VALID[2]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert VALID[2] in page and "Unified Social Credit Code" in page
    assert 'name="credit_code"' in client.get("/customers/new").get_data(as_text=True)


def test_imports_map_the_header_and_match_by_code_first(world, api_client, tenant_session):
    assert suggest(["公司名称", "统一社会信用代码"]) == {"公司名称": "name", "统一社会信用代码": "credit_code"}
    assert suggest(["Name", "Credit code"])["Credit code"] == "credit_code"
    created = create(api_client("acme", "rep_n1"), name="Beijing Motors", email="info@motors.test",
                     credit_code=VALID[0])
    other = create(api_client("acme", "rep_n1"), name="Motors Trading", email="sales@motors.test")
    with tenant_session("acme"):
        keys = keys_of({"name": "Motors Trading", "email": "sales@motors.test", "credit_code": VALID[0].lower()})
        assert keys[0] == ("credit_code", VALID[0])
        matches = existing_matches(keys)
        assert matches[("credit_code", VALID[0])].id == created["id"]
        assert matches[("email", "sales@motors.test")].id == other["id"]


@pytest.mark.parametrize("on_duplicate, action", [("update", "update"), ("skip", "skip"), ("create", "fail")])
def test_an_import_row_with_a_known_code_never_creates_a_second_customer(world, api_client, tenant_session,
                                                                          on_duplicate, action):
    create(api_client("acme", "rep_n1"), name="Beijing Motors", credit_code=VALID[0])
    batch = SimpleNamespace(headers=["名称", "统一社会信用代码"], mapping={"名称": "name", "统一社会信用代码": "credit_code"},
                            on_duplicate=on_duplicate)
    with tenant_session("acme") as session:
        planner = Planner(batch, session.get(User, world.acme.users["rep_n1"].id))
        [plan] = planner.plan([(2, ["北京汽车", VALID[0].lower()])])
        assert (plan.action, plan.match_by) == (action, "credit_code")


def test_the_export_has_the_code(world, api_client, tenant_session):
    from crm_platform.customers.export import COLUMNS, customer_row

    create(api_client("acme", "rep_n1"), name="Beijing Motors", credit_code=VALID[0])
    with tenant_session("acme") as session:
        customer = session.scalar(select(Customer).where(Customer.credit_code == VALID[0]))
        row = dict(zip(COLUMNS, customer_row(customer)))
    assert row["credit_code"] == VALID[0]
