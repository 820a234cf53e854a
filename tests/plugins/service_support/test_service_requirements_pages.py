"""The requirement pages: list with filters, new (also from a ticket), the page with votes and history, forms."""
import re

from sqlalchemy import select

from plugins.service_support.models import Requirement, RequirementVote
from service_kit import make_ticket
from service_requirements_kit import REQUIREMENTS, new_requirement

PAGES = "/service/requirements"


def test_new_requirement_from_the_form_then_its_page(service, page_client, tenant_session):
    browser = page_client("acme", "rep_n1")
    form = browser.get(f"{PAGES}/new").get_data(as_text=True)
    assert "Alpha Trading" in form and "Delta Shipping" not in form  # the picker offers visible customers only
    refused = browser.post(f"{PAGES}/new", data={"title": "", "customer_id": service.acme.customers["s1"].id})
    assert refused.status_code == 422
    made = browser.post(f"{PAGES}/new", data={"title": "Export to Excel", "description": "Every Monday",
                                             "customer_id": service.acme.customers["n1_alpha"].id,
                                             "responsible_id": service.acme.users["rep_n1"].id, "note": "twice"})
    assert made.status_code == 302
    page = browser.get(made.headers["Location"]).get_data(as_text=True)
    assert "Export to Excel" in page and "Every Monday" in page and "Alpha Trading" in page
    assert "1 customer asked for it" in page


def test_new_from_a_ticket_presets_its_customer_and_remembers_the_ticket(service, page_client, tenant_session):
    ticket = make_ticket(service, tenant_session, customer="n1_beta", subject="Wants a mobile app")
    browser = page_client("acme", "rep_n1")
    form = browser.get(f"{PAGES}/new?ticket_id={ticket}").get_data(as_text=True)
    assert 'id="from-ticket"' in form and 'value="Wants a mobile app"' in form
    made = browser.post(f"{PAGES}/new?ticket_id={ticket}", data={"title": "Mobile app"})
    assert made.status_code == 302, made.get_data(as_text=True)
    with tenant_session("acme") as session:
        vote = session.scalar(select(RequirementVote).join(Requirement, Requirement.id == RequirementVote.requirement_id)
                              .where(Requirement.title == "Mobile app"))
        assert (vote.customer_id, vote.ticket_id) == (service.acme.customers["n1_beta"].id, ticket)
    unseen = make_ticket(service, tenant_session, customer="s1", assignee="rep_s1")
    assert browser.get(f"{PAGES}/new?ticket_id={unseen}").status_code == 404


def test_the_page_adds_votes_answers_and_changes_status(service, api_client, page_client):
    made = new_requirement(api_client, service)
    browser = page_client("acme", "rep_n1")
    url = f"{PAGES}/{made['id']}"
    assert browser.post(f"{url}/votes", data={"customer_id": service.acme.customers["n1_beta"].id}).status_code == 302
    twice = browser.post(f"{url}/votes", data={"customer_id": service.acme.customers["n1_beta"].id},
                         follow_redirects=True).get_data(as_text=True)
    assert "This customer has already asked for it." in twice
    browser.post(f"{url}/answers", data={"body": "On the roadmap"})
    browser.post(f"{url}/status", data={"status": "planned", "comment": "For June"})
    page = browser.get(url).get_data(as_text=True)
    assert "2 customers asked for it" in page and "On the roadmap" in page
    assert "Status changed to Planned" in page and "For June" in page
    assert page.index("On the roadmap") < page.index("Status changed to Planned")
    vote_id = re.search(r'id="vote-(\d+)"', page.split("Beta Foods")[0][-400:] + page).group(1)
    assert browser.post(f"{url}/votes/{vote_id}/delete").status_code == 302
    assert "1 customer asked for it" in browser.get(url).get_data(as_text=True)


def test_edit_is_for_those_who_may_change_it(service, api_client, page_client):
    made = new_requirement(api_client, service, user="rep_s1", customer="s1_shared")
    shared = page_client("acme", "rep_n1")
    assert shared.get(f"{PAGES}/{made['id']}").status_code == 200
    assert shared.get(f"{PAGES}/{made['id']}/edit").status_code == 403
    assert shared.post(f"{PAGES}/{made['id']}/status", data={"status": "done"}).status_code == 403
    owner = page_client("acme", "rep_s1")
    saved = owner.post(f"{PAGES}/{made['id']}/edit", data={"title": "Renamed", "description": "",
                                                          "responsible_id": service.acme.users["rep_s1"].id})
    assert saved.status_code == 302
    assert api_client("acme", "rep_s1").get(f"{REQUIREMENTS}/{made['id']}").get_json()["title"] == "Renamed"
    assert owner.post(f"{PAGES}/{made['id']}/edit", data={"title": ""}).status_code == 422


def test_list_page_filters_sorts_and_pages(service, api_client, page_client):
    for title in ("Alpha one", "Beta two", "Gamma three"):
        new_requirement(api_client, service, title=title)
    browser = page_client("acme", "rep_n1")
    page = browser.get(f"{PAGES}/?q=beta").get_data(as_text=True)
    assert "Beta two" in page and "Alpha one" not in page
    first = browser.get(f"{PAGES}/?sort=votes&limit=2").get_data(as_text=True)
    cursor = re.search(r'cursor=([^&"]+)', first).group(1)
    assert "Alpha one" in browser.get(f"{PAGES}/?sort=votes&limit=2&cursor={cursor}").get_data(as_text=True)
    assert browser.get(f"{PAGES}/?status=nonsense").status_code == 400
    assert "No requirements found." in page_client("acme", "rep_s1").get(f"{PAGES}/").get_data(as_text=True)


def test_customer_panel_lists_its_requirements(service, api_client, page_client):
    new_requirement(api_client, service, title="Cold chain report")
    page = page_client("acme", "rep_n1").get(f"/customers/{service.acme.customers['n1_alpha'].id}")
    assert "Cold chain report" in page.get_data(as_text=True)
    other = page_client("acme", "rep_n1").get(f"/customers/{service.acme.customers['n1_beta'].id}")
    assert "This customer has asked for nothing yet." in other.get_data(as_text=True)


def test_a_ticket_id_that_is_no_id_gives_the_plain_form_not_an_error(service, page_client):
    browser = page_client("acme", "rep_n1")
    for odd in ("²", "99999999999999999999999", "-1", "1e3"):
        form = browser.get(f"{PAGES}/new", query_string={"ticket_id": odd})
        assert form.status_code == 200, odd
        assert 'id="from-ticket"' not in form.get_data(as_text=True)
