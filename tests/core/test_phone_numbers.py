"""Chinese phone numbers (issue 9 item 4, issue 8 bug 3): parsed in the workspace's region, keyed as E.164, found by digits."""
import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.identity.phones import is_valid_phone, phone_digits, phone_key, query_digits
from crm_platform.imports.duplicates import existing_matches, keys_of
from crm_platform.imports.rows import RowReader
from crm_platform.models import Contact, Customer, Tenant, User
from search_support import create, found

BAD = "This is not a valid phone number"


@pytest.mark.parametrize("typed, e164", [
    ("138 2542 6991", "+8613825426991"),  # a mobile
    ("138-2542-6991", "+8613825426991"),
    ("+86 138 2542 6991", "+8613825426991"),
    ("0086 13825426991", "+8613825426991"),
    ("１３８２５４２６９９１", "+8613825426991"),  # full-width, as Chinese input types them
    ("010-12345678", "+861012345678"),  # Beijing landline with its area code
    ("(010) 1234 5678", "+861012345678"),
    ("021 6258 8899", "+862162588899"),  # Shanghai
    ("+86 21 6258 8899", "+862162588899"),
    ("0755-8888 6666", "+8675588886666"),  # Shenzhen
])
def test_numbers_in_the_default_region_come_out_as_e164(typed, e164):
    assert is_valid_phone(typed, "CN")
    assert phone_key(typed, "CN") == e164


def test_extensions_are_kept_apart_from_the_number():
    assert phone_key("010-12345678 ext. 123", "CN") == "+861012345678"
    assert phone_key("010-12345678转123", "CN") == "+861012345678"
    assert phone_digits("010-12345678转123", "CN") == "01012345678123"


@pytest.mark.parametrize("typed", ["021-1", "12345", "138 2542", "010-1234", "not a phone", "+86 999 1234 5678"])
def test_bad_numbers_are_refused(typed):
    assert not is_valid_phone(typed, "CN")


def test_search_digits_are_the_national_form_whatever_was_typed():
    assert phone_digits("+86 21 6258 8899", "CN") == phone_digits("021-62588899", "CN") == "02162588899"
    assert phone_digits("+86 138 2542 6991", "CN") == "13825426991"
    assert query_digits("138-2542-6991") == "13825426991" and query_digits("+86 21 6258 8899") == "02162588899"
    assert query_digits("Alpha") is None and query_digits("12") is None


def test_bug3_search_matches_phone_digits_whatever_the_spacing(world, api_client):
    """Issue 8 bug 3: `13825426991` and `02162588899` find numbers stored with spaces and dashes."""
    rep = api_client("acme", "rep_n1")
    create(rep, name="Mobile Buyer", phone="138 2542 6991")
    create(rep, name="Shanghai Office", phone="021-62588899")
    for q in ("13825426991", "138 2542 6991", "138-2542-6991", "+86 138 2542 6991", "2542 6991"):
        assert found(rep, q) == ["Mobile Buyer"], q
    for q in ("02162588899", "021 6258 8899", "+86 21 6258 8899", "62588899"):
        assert found(rep, q) == ["Shanghai Office"], q
    assert found(rep, "13825426990") == []


def test_a_bad_number_is_a_field_error_on_the_api_and_the_forms(world, api_client, page_client):
    rep = api_client("acme", "rep_n1")
    response = rep.post("/api/v1/customers", json={"name": "Bad Phone Ltd", "phone": "021-1"})
    assert response.status_code == 422 and BAD in response.json["error"]["fields"]["phone"][0]
    cid = world.acme.customers["n1_alpha"].id
    response = rep.post(f"/api/v1/customers/{cid}/contacts", json={"name": "Li Lei", "phone": "12345"})
    assert response.status_code == 422 and "phone" in response.json["error"]["fields"]
    response = rep.patch(f"/api/v1/customers/{cid}", json={"phone": "138 2542"})
    assert response.status_code == 422 and "phone" in response.json["error"]["fields"]
    pages = page_client("acme", "rep_n1")
    page = pages.post("/customers/new", data={"name": "Bad Phone Ltd", "phone": "021-1"})
    assert page.status_code == 422 and BAD in page.get_data(as_text=True)
    page = pages.post(f"/customers/{cid}/contacts", data={"name": "Li Lei", "phone": "12345"})
    assert page.status_code == 422 and BAD in page.get_data(as_text=True)
    assert rep.post("/api/v1/customers", json={"name": "Good Phone Ltd", "phone": "010-12345678"}).status_code == 201


def test_a_bad_number_is_a_row_error_in_imports(world, tenant_session):
    with tenant_session("acme") as session:
        actor = session.get(User, world.acme.users["rep_n1"].id)
        reader = RowReader(["Name", "Phone"], {"Name": "name", "Phone": "phone"}, actor)
        with pytest.raises(ValidationError) as caught:
            reader.fields(["Bad Phone Ltd", "021-1"])
        assert "phone" in caught.value.messages
        assert reader.fields(["Good Phone Ltd", "021 6258 8899"])["phone"] == "021 6258 8899"


def test_duplicates_compare_the_normalised_numbers(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    created = create(rep, name="Hangzhou Tea", phone="0571-8765 4321")
    with tenant_session("acme"):
        matches = existing_matches(keys_of({"name": "Other", "phone": "+86 571 87654321"}))
        assert [customer.id for customer in matches.values()] == [created["id"]]
    response = rep.post("/api/v1/customers", json={"name": "Tea House", "phone": "057187654321"})
    assert response.status_code == 409 and response.json["error"]["duplicates"][0]["fields"] == ["phone"]


def test_the_workspace_region_reads_numbers_without_country(world, api_client, tenant_session):
    with tenant_session("acme") as session:
        session.get(Tenant, world.acme.id).settings = {"phone_region": "US"}
        session.commit()
    rep = api_client("acme", "rep_n1")
    created = create(rep, name="Jersey Office", phone="(201) 555-0123")
    assert rep.post("/api/v1/customers", json={"name": "Beijing", "phone": "010-12345678"}).status_code == 422
    with tenant_session("acme") as session:
        assert session.get(Customer, created["id"]).phone_key == "+12015550123"
    # Another workspace keeps the default region.
    assert api_client("globex", "rep_n1").post("/api/v1/customers", json={"name": "Beijing",
                                                                          "phone": "010-12345678"}).status_code == 201


def test_contacts_keep_their_search_digits(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    cid = world.acme.customers["n1_alpha"].id
    contact = rep.post(f"/api/v1/customers/{cid}/contacts", json={"name": "Wang Fang", "phone": "139 0000 1111"}).json
    with tenant_session("acme") as session:
        assert session.scalar(select(Contact.phone_digits).where(Contact.id == contact["id"])) == "13900001111"
