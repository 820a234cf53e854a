"""Customer pages: list, customer file, forms and the small POST forms on the file."""
import re

import pytest
from sqlalchemy import select

from crm_platform.models import Activity, Contact, Customer, CustomerShare
from crm_platform.testing import MISSING_ID


def _text(response):
    return response.get_data(as_text=True)


def _count_line(response):
    return re.search(r"(\d+) customers? match", _text(response)).group(1)


def _next_link(response):
    match = re.search(r'href="(/customers/\?[^"]*cursor=[^"]+)"', _text(response))
    return match.group(1).replace("&amp;", "&") if match else None


def test_list_shows_exactly_the_visible_customers(world, page_client):
    """A rep sees their own and shared customers, with the matching count."""
    response = page_client("acme", "rep_n1").get("/customers/")
    assert response.status_code == 200
    body = _text(response)
    for name in ("Alpha Trading", "Beta Foods", "Epsilon Media"):
        assert name in body
    for name in ("Gamma Tools", "Delta Shipping", "Zeta Energy", "Eta Holdings"):
        assert name not in body
    assert _count_line(response) == "3"


def test_list_search_filters_and_sort(world, page_client):
    """Search, filters and sort go through the same query as the API."""
    client = page_client("acme", "admin")
    body = _text(client.get("/customers/?q=alpha"))
    assert "Alpha Trading" in body and "Beta Foods" not in body
    response = client.get("/customers/?tag=vip&status=following")
    assert "Gamma Tools" in _text(response) and _count_line(response) == "1"
    north = world.acme.units["north"].id
    assert _count_line(client.get(f"/customers/?org_unit_id={north}")) == "4"
    body = _text(client.get("/customers/?sort=-name"))
    assert body.index("Zeta Energy") < body.index("Alpha Trading")


def test_list_pages_with_a_cursor_that_keeps_the_filters(world, page_client):
    """Next-page links carry the cursor and filters; pages neither overlap nor skip."""
    client = page_client("acme", "admin")
    names, url = [], "/customers/?sort=-name&limit=3"
    while url:
        assert "sort=-name" in url and "limit=3" in url
        response = client.get(url)
        assert response.status_code == 200
        names += re.findall(r'href="/customers/\d+">([^<]+)</a>', _text(response))
        url = _next_link(response)
    assert names == sorted((c.name for c in world.acme.customers.values()), reverse=True)


@pytest.mark.parametrize("query", ["status=bogus", "owner_id=x", "level=hot", "cursor=!!!", "cursor=WyJhIl0"])
def test_list_bad_query_is_a_message_not_a_500(world, page_client, query):
    """Invalid filters or cursors answer 400 with an explanation on the list page."""
    response = page_client("acme", "admin").get(f"/customers/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in _text(response)


def _customer_routes(world, tenant, key="n1_alpha"):
    tw = world[tenant]
    cid, contact, activity = tw.customers[key].id, tw.contacts[key].id, tw.activities[key].id
    rep = tw.users["rep_n2"].id
    gets = [f"/customers/{cid}", f"/customers/{cid}/edit", f"/customers/{cid}/delete",
            f"/customers/{cid}/contacts/{contact}/edit"]
    posts = [f"/customers/{cid}/edit", f"/customers/{cid}/delete", f"/customers/{cid}/reassign",
             f"/customers/{cid}/contacts", f"/customers/{cid}/contacts/{contact}/edit",
             f"/customers/{cid}/contacts/{contact}/delete", f"/customers/{cid}/activities",
             f"/customers/{cid}/activities/{activity}/delete", f"/customers/{cid}/shares",
             f"/customers/{cid}/shares/{rep}/delete"]
    return gets, posts


@pytest.mark.parametrize("viewer", [("globex", "admin"), ("acme", "rep_n2"), ("acme", "manager_south")])
def test_hidden_customers_are_404_on_every_route(world, page_client, tenant_session, viewer):
    """Another tenant's customer, or one outside the user's remit, is a 404 everywhere."""
    client = page_client(*viewer)
    gets, posts = _customer_routes(world, "acme")
    for url in gets:
        assert client.get(url).status_code == 404, url
    form = {"name": "X", "owner_id": "1", "user_id": "1", "kind": "call", "occurred_at": "2026-01-01T10:00"}
    for url in posts:
        assert client.post(url, data=form).status_code == 404, url
    with tenant_session("acme") as session:
        customer = session.get(Customer, world.acme.customers["n1_alpha"].id)
        assert customer.name == "Alpha Trading" and len(customer.contacts) == 1


def test_missing_customer_is_404(world, page_client):
    """A missing id looks exactly like a hidden one."""
    assert page_client("acme", "admin").get(f"/customers/{MISSING_ID}").status_code == 404


def test_records_must_belong_to_the_customer_in_the_url(world, page_client):
    """A contact, activity or share of customer A cannot be reached through customer B."""
    client = page_client("acme", "admin")
    a, b = world.acme.customers["n1_alpha"].id, world.acme.customers["n1_beta"].id
    contact, activity = world.acme.contacts["n1_alpha"].id, world.acme.activities["n1_alpha"].id
    rep_n1 = world.acme.users["rep_n1"].id
    s1_shared = world.acme.customers["s1_shared"].id
    assert client.get(f"/customers/{b}/contacts/{contact}/edit").status_code == 404
    assert client.post(f"/customers/{b}/contacts/{contact}/delete").status_code == 404
    assert client.post(f"/customers/{b}/activities/{activity}/delete").status_code == 404
    assert client.post(f"/customers/{a}/shares/{rep_n1}/delete").status_code == 404
    assert client.post(f"/customers/{s1_shared}/shares/{rep_n1}/delete").status_code == 302


def test_create_keeps_input_on_error_then_succeeds(world, page_client, tenant_session):
    """Field errors show next to the fields with the input kept; success redirects to the file."""
    client = page_client("acme", "rep_n1")
    response = client.post("/customers/new", data={"name": "", "email": "nope", "phone": "021-1", "tags": "a, b"})
    assert response.status_code == 422
    body = _text(response)
    assert body.count('class="field-error"') == 3  # no name, a bad email, a phone without its number
    assert 'value="021-1"' in body and 'value="a, b"' in body and 'value="nope"' in body
    response = client.post("/customers/new", data={"name": "Theta Oil", "kind": "company", "status": "following",
                                                   "level": "intention", "tags": "vip，north, vip",
                                                   "care_date": "2001-05-04"})
    assert response.status_code == 302
    customer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with tenant_session("acme") as session:
        customer = session.get(Customer, customer_id)
        assert customer.tags == ["north", "vip"] and customer.owner_id == world.acme.users["rep_n1"].id


def test_rep_cannot_assign_a_new_customer_to_someone_else(world, page_client):
    """The service's owner rule shows as a field error."""
    other = world.acme.users["rep_n2"].id
    response = page_client("acme", "rep_n1").post("/customers/new", data={"name": "Iota", "owner_id": other})
    assert response.status_code == 422 and "field-error" in _text(response)


def test_edit_as_rep_offers_no_owner_choice(world, page_client, tenant_session):
    """Reps edit details; the owner stays unless the role may reassign."""
    client = page_client("acme", "rep_n1")
    cid = world.acme.customers["n1_alpha"].id
    assert 'name="owner_id"' not in _text(client.get(f"/customers/{cid}/edit"))
    response = client.post(f"/customers/{cid}/edit", data={"name": "Alpha Trading Ltd", "kind": "company",
                                                          "status": "signed", "level": "effective", "tags": ""})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        customer = session.get(Customer, cid)
        assert customer.name == "Alpha Trading Ltd" and customer.tags == []


def test_contacts_add_edit_delete(world, page_client, tenant_session):
    """Contacts are added on the file, edited on their own page and deleted."""
    client = page_client("acme", "rep_n1")
    cid = world.acme.customers["n1_beta"].id
    response = client.post(f"/customers/{cid}/contacts", data={"name": "", "title": "Buyer"})
    assert response.status_code == 422 and 'value="Buyer"' in _text(response)
    assert client.post(f"/customers/{cid}/contacts", data={"name": "Li Lei", "title": "Buyer"}).status_code == 302
    with tenant_session("acme") as session:
        contact_id = session.scalar(select(Contact.id).where(Contact.name == "Li Lei"))
    edit = f"/customers/{cid}/contacts/{contact_id}/edit"
    assert client.post(edit, data={"name": "Li Lei", "email": "bad"}).status_code == 422
    assert client.post(edit, data={"name": "Li Lei", "title": "Head buyer"}).status_code == 302
    assert "Head buyer" in _text(client.get(f"/customers/{cid}"))
    assert client.post(f"/customers/{cid}/contacts/{contact_id}/delete").status_code == 302
    assert "Head buyer" not in _text(client.get(f"/customers/{cid}"))


def test_timeline_logs_newest_first_and_keeps_bad_input(world, page_client, tenant_session):
    """Contact records are logged from a datetime-local field and shown newest first."""
    client = page_client("acme", "rep_n1")
    cid = world.acme.customers["n1_beta"].id
    response = client.post(f"/customers/{cid}/activities", data={"kind": "fax", "occurred_at": "soon",
                                                                "subject": "Keep me"})
    assert response.status_code == 422 and 'value="Keep me"' in _text(response)
    for subject, when in (("Late call", "2026-03-01T09:30"), ("Early visit", "2025-12-01T15:00")):
        data = {"kind": "call", "occurred_at": when, "subject": subject, "next_step": "Send a quote"}
        assert client.post(f"/customers/{cid}/activities", data=data).status_code == 302
    body = _text(client.get(f"/customers/{cid}"))
    assert body.index("Late call") < body.index("Intro call") < body.index("Early visit")
    with tenant_session("acme") as session:
        logged = session.scalar(select(Activity).where(Activity.subject == "Late call"))
        assert logged.occurred_at.isoformat() == "2026-03-01T09:30:00+00:00"
        assert logged.user_id == world.acme.users["rep_n1"].id


def test_only_author_or_deleter_role_removes_a_contact_record(world, page_client):
    """A shared viewer may not delete the owner's contact record; an admin may."""
    cid, activity = world.acme.customers["s1_shared"].id, world.acme.activities["s1_shared"].id
    url = f"/customers/{cid}/activities/{activity}/delete"
    assert url not in _text(page_client("acme", "rep_n1").get(f"/customers/{cid}"))
    assert page_client("acme", "rep_n1").post(url).status_code == 403
    assert page_client("acme", "admin").post(url).status_code == 302


def test_sharing_is_for_the_owner_and_reassigners(world, page_client, tenant_session):
    """The owner shares and unshares; a viewer through a share gets neither form nor right."""
    cid = world.acme.customers["s1_shared"].id
    rep_n2 = world.acme.users["rep_n2"].id
    viewer = page_client("acme", "rep_n1")
    assert 'name="user_id"' not in _text(viewer.get(f"/customers/{cid}"))
    assert viewer.post(f"/customers/{cid}/shares", data={"user_id": rep_n2}).status_code == 403
    owner = page_client("acme", "rep_s1")
    assert owner.post(f"/customers/{cid}/shares", data={"user_id": "x"}).status_code == 422
    assert owner.post(f"/customers/{cid}/shares", data={"user_id": rep_n2}).status_code == 302
    assert page_client("acme", "rep_n2").get(f"/customers/{cid}").status_code == 200
    assert owner.post(f"/customers/{cid}/shares/{rep_n2}/delete").status_code == 302
    with tenant_session("acme") as session:
        assert session.scalar(select(CustomerShare).where(CustomerShare.user_id == rep_n2)) is None


def test_reassign_within_the_managers_unit(world, page_client, tenant_session):
    """A manager reassigns inside their unit; outside it is a field error; reps see no form."""
    cid = world.acme.customers["n2"].id
    assert 'action="/customers/%d/reassign"' % cid not in _text(page_client("acme", "rep_n2").get(f"/customers/{cid}"))
    manager = page_client("acme", "manager_north")
    response = manager.post(f"/customers/{cid}/reassign", data={"owner_id": world.acme.users["rep_s1"].id})
    assert response.status_code == 422 and "field-error" in _text(response)
    assert manager.post(f"/customers/{cid}/reassign", data={"owner_id": ""}).status_code == 422
    response = manager.post(f"/customers/{cid}/reassign", data={"owner_id": world.acme.users["rep_n1"].id})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        assert session.get(Customer, cid).owner_id == world.acme.users["rep_n1"].id


def test_delete_needs_the_permission_and_a_confirmation(world, page_client, tenant_session):
    """Reps get 403; an admin confirms on a page, then the customer is gone."""
    cid = world.acme.customers["n1_alpha"].id
    rep = page_client("acme", "rep_n1")
    assert rep.get(f"/customers/{cid}/delete").status_code == 403
    assert rep.post(f"/customers/{cid}/delete").status_code == 403
    admin = page_client("acme", "admin")
    assert "Delete for good" in _text(admin.get(f"/customers/{cid}/delete"))
    assert admin.post(f"/customers/{cid}/delete").status_code == 302
    assert admin.get(f"/customers/{cid}").status_code == 404
    with tenant_session("acme") as session:
        assert session.scalar(select(Contact).where(Contact.customer_id == cid)) is None


def test_pages_need_a_login(client):
    """Signed-out visitors are sent to the sign-in page."""
    response = client.get("/customers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def live_url(app, world):
    """The app served on a free local port for the length of one test."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.mark.browser
def test_browser_create_customer_and_log_a_call(world, live_url):
    """In Chromium: sign in, create a customer, fix a field error, log a call, delete it after confirm()."""
    import playwright.sync_api as playwright
    import shutil

    chromium = shutil.which("chromium")
    if not chromium:
        pytest.fail("Debian's chromium is missing: run `make test` (it apt-installs it) or `apt-get install chromium`")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page()
            page.goto(f"{live_url}/login")
            page.fill("input[name=workspace]", "acme")
            page.fill("input[name=email]", world.acme.users["rep_n1"].email)
            page.fill("input[name=password]", world.password)
            page.click("button[type=submit]")
            page.wait_for_url("**/dashboard/")
            page.goto(f"{live_url}/customers/")
            page.click("text=New customer")
            page.fill("input[name=name]", "Kappa Steel")
            page.fill("input[name=tags]", "vip, north")
            page.eval_on_selector("main form", "form => form.noValidate = true")
            page.fill("input[name=email]", "not-an-email")
            page.click("main button[type=submit]")
            assert page.locator("small.field-error").count() == 1
            assert page.input_value("input[name=name]") == "Kappa Steel"
            page.fill("input[name=email]", "buy@kappa.test")
            page.click("main button[type=submit]")
            page.wait_for_url("**/customers/*")
            assert page.locator("h1").inner_text() == "Kappa Steel"
            page.select_option("#timeline select[name=kind]", "visit")
            page.fill("#timeline input[name=subject]", "Factory tour")
            page.click("#timeline button[type=submit]")
            assert "Factory tour" in page.locator("#timeline ul.timeline").inner_text()
            page.on("dialog", lambda dialog: dialog.accept())
            page.click("#timeline ul.timeline button")
            assert "Factory tour" not in page.locator("#timeline").inner_text()
        finally:
            browser.close()
