"""The ticket pages: queues with filters, the new-ticket and edit forms, the ticket page and its actions, the panel."""
from service_kit import make_ticket

from plugins.service_support.timeline import EVENT_LABELS


def text(response):
    return response.get_data(as_text=True)


def test_open_a_ticket_from_the_customer_page_and_work_it(service, tenant_session, page_client):
    browser = page_client("acme", "rep_n1")
    acme = service.acme
    customer = acme.customers["n1_alpha"].id
    panel = text(browser.get(f"/customers/{customer}"))
    assert f"/service/tickets/new?customer_id={customer}" in panel and "No tickets." in panel
    form = text(browser.get(f"/service/tickets/new?customer_id={customer}"))
    assert "Alpha Trading Contact" in form and "Beta" not in form.split('name="contact_id"')[1].split("</select>")[0]
    created = browser.post("/service/tickets/new", data={
        "customer_id": customer, "contact_id": acme.contacts["n1_alpha"].id, "channel": "phone",
        "category": "complaint", "priority": "high", "subject": "The cold store is warm", "description": "Since Monday",
        "assignee_id": acme.users["rep_n1"].id, "team_unit_id": ""}, follow_redirects=True)
    page = text(created)
    assert created.status_code == 200 and "opened." in page and "The cold store is warm" in page
    assert "Alpha Trading Contact" in page and "contact@n1_alpha.test" in page
    ticket_path = created.request.path
    assert ">Waiting on customer<" in page and ">Resolve<" in page and "Reopen" not in page

    note = browser.post(f"{ticket_path}/messages", data={"kind": "note", "body": "Check the compressor"},
                        follow_redirects=True)
    assert "Note added." in text(note) and 'class="ticket-note"' in text(note)
    resolved = browser.post(f"{ticket_path}/status", data={"status": "resolved"}, follow_redirects=True)
    assert "is now Resolved" in text(resolved) and ">Reopen<" in text(resolved)
    assert str(EVENT_LABELS["status_changed"]) in text(resolved)
    refused = browser.post(f"{ticket_path}/status", data={"status": "pending"}, follow_redirects=True)
    assert "cannot become Waiting on customer" in text(refused)

    edited = browser.post(f"{ticket_path}/edit", data={"contact_id": "", "channel": "email", "category": "fault",
                                                      "priority": "urgent", "subject": "Cold store down",
                                                      "description": "", "assignee_id": "", "team_unit_id":
                                                      str(acme.units["north1"].id)}, follow_redirects=True)
    assert "saved." in text(edited) and "Cold store down" in text(edited) and "North-1" in text(edited)
    assert "Cold store down" in text(browser.get(f"/customers/{customer}"))


def test_the_forms_say_what_is_wrong(service, page_client):
    browser = page_client("acme", "rep_n1")
    refused = browser.post("/service/tickets/new", data={"customer_id": service.acme.customers["s1"].id,
                                                         "channel": "phone", "category": "complaint",
                                                         "priority": "normal", "subject": ""})
    assert refused.status_code == 422 and "field-error" in text(refused)
    assert "South Co" not in text(browser.get("/service/tickets/new"))  # only customers the rep may see


def test_the_queues_and_filters(service, tenant_session, page_client):
    make_ticket(service, tenant_session, assignee="rep_n1", subject="Mine to do")
    make_ticket(service, tenant_session, assignee=None, team="north1", subject="In the team queue")
    browser = page_client("acme", "rep_n1")
    mine = text(browser.get("/service/tickets/"))
    assert "Mine to do" in mine and "In the team queue" not in mine
    team = text(browser.get("/service/tickets/?view=team"))
    assert "In the team queue" in team and "Mine to do" not in team
    found = text(browser.get("/service/tickets/?view=all&q=team&status=open&sort=resolution_due"))
    assert "In the team queue" in found and "Mine to do" not in found
    assert browser.get("/service/tickets/?priority=nonsense").status_code == 400
    assert browser.get("/service/tickets/?cursor=garbage").status_code == 400


def test_the_menu_and_the_chinese_page(service, tenant_session, page_client, api_client):
    ticket_id = make_ticket(service, tenant_session, status="pending")
    api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"})
    browser = page_client("acme", "rep_n1")
    assert 'href="/service/tickets/"' in text(browser.get("/customers/"))
    page = text(browser.get(f"/service/tickets/{ticket_id}"))
    assert "待客户回复" in page and "沟通记录" in page


def contact_select(response):
    """The contact choice of a ticket form."""
    return text(response).split('name="contact_id"')[1].split("</select>")[0]


def test_the_new_ticket_form_lists_only_contacts_of_a_customer_the_user_may_see(service, page_client):
    browser = page_client("acme", "rep_s1")
    hidden = browser.get(f"/service/tickets/new?customer_id={service.acme.customers['n1_alpha'].id}")
    missing = browser.get("/service/tickets/new?customer_id=987654321")
    assert hidden.status_code == missing.status_code == 200
    assert "Alpha Trading Contact" not in text(hidden)
    assert contact_select(hidden) == contact_select(missing)  # a hidden customer looks like a missing one
    own = page_client("acme", "rep_n1").get(f"/service/tickets/new?customer_id={service.acme.customers['n1_alpha'].id}")
    assert "Alpha Trading Contact" in contact_select(own)


def test_the_form_refuses_a_subject_with_a_line_break(service, page_client):
    refused = page_client("acme", "rep_n1").post("/service/tickets/new", data={
        "customer_id": service.acme.customers["n1_alpha"].id, "channel": "phone", "category": "complaint",
        "priority": "normal", "subject": "Hi\r\nBcc: x@evil.test"})
    assert refused.status_code == 422 and "one line" in text(refused)


def test_a_customer_id_that_is_no_id_gives_the_plain_form_not_an_error(service, page_client):
    browser = page_client("acme", "rep_n1")
    for odd in ("²", "99999999999999999999999", "-1"):
        assert browser.get("/service/tickets/new", query_string={"customer_id": odd}).status_code == 200, odd
