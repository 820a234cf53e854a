"""The tickets API: create with a number, list with queue views and filters, change, status moves, messages."""
from datetime import timedelta

from service_kit import make_ticket

from crm_platform.sdk import utcnow
from crm_platform.testing import MISSING_ID

URL = "/api/v1/service/tickets"


def body(world, tenant="acme", customer="n1_alpha", **extra):
    return {"customer_id": world[tenant].customers[customer].id, "channel": "phone", "category": "complaint",
            "priority": "high", "subject": "The cold store is warm", **extra}


def test_a_new_ticket_is_numbered_from_the_prefix_year_and_sequence(service, api_client):
    rep = api_client("acme", "rep_n1")
    first = rep.post(URL, json=body(service, description="Since Monday")).json
    second = rep.post(URL, json=body(service)).json
    year = first["created_at"][:4]
    assert first["number"] == f"GD-{year}-0001" and second["number"] == f"GD-{year}-0002"
    assert first["status"] == "new" and first["priority"] == "high" and first["reopen_count"] == 0
    assert api_client("globex", "rep_n1").post(URL, json=body(service, "globex")).json["number"] == f"GD-{year}-0001"


def test_the_prefix_comes_from_the_settings(service, enable_plugin, api_client):
    enable_plugin("acme", "service_support", settings={"ticket_prefix": "SV"})
    assert api_client("acme", "rep_n1").post(URL, json=body(service)).json["number"].startswith("SV-")


def test_create_refuses_what_does_not_fit(service, api_client):
    rep = api_client("acme", "rep_n1")
    hidden = rep.post(URL, json=body(service, customer="s1"))
    assert hidden.status_code == 422, hidden.json
    assert "customer_id" in str(hidden.json)
    other_contact = rep.post(URL, json=body(service, contact_id=service.acme.contacts["n1_beta"].id))
    assert other_contact.status_code == 422 and "contact_id" in str(other_contact.json)
    assert rep.post(URL, json=body(service, assignee_id=MISSING_ID)).status_code == 422
    assert rep.post(URL, json=body(service, team_unit_id=service.globex.units["north1"].id)).status_code == 422
    assert rep.post(URL, json=body(service, channel="fax")).status_code == 422


def test_patch_changes_fields_and_records_them(service, api_client):
    rep = api_client("acme", "rep_n1")
    ticket = rep.post(URL, json=body(service)).json
    team = service.acme.units["north1"].id
    changed = rep.patch(f"{URL}/{ticket['id']}", json={"priority": "urgent", "team_unit_id": team,
                                                        "subject": "Warmer still"}).json
    assert (changed["priority"], changed["team_unit_id"], changed["subject"]) == ("urgent", team, "Warmer still")
    assert rep.patch(f"{URL}/{ticket['id']}", json={"assignee_id": MISSING_ID}).status_code == 422


def test_list_views_filters_and_search(service, tenant_session, api_client):
    acme = service.acme
    mine = make_ticket(service, tenant_session, assignee="rep_n1", subject="Door broken")
    queued = make_ticket(service, tenant_session, assignee=None, team="north1", subject="Invoice question",
                         category="inquiry")
    loose = make_ticket(service, tenant_session, assignee=None, subject="Loose cable", customer="n2")
    rep = api_client("acme", "rep_n1")

    def ids(**args):
        answer = rep.get(URL, query_string=args)
        assert answer.status_code == 200, answer.json
        return {item["id"] for item in answer.json["items"]}

    assert ids(view="mine") == {mine}
    assert ids(view="team") == {queued}
    assert ids() == {mine, queued}  # loose is rep_n2's customer's, in no team of rep_n1
    assert ids(view="unassigned") == {queued}
    assert ids(category="inquiry") == {queued}
    assert ids(q="door") == {mine}
    manager = api_client("acme", "manager_north")
    assert {i["id"] for i in manager.get(URL, query_string={"view": "team"}).json["items"]} == {queued}  # unassigned in North and below
    assert {i["id"] for i in manager.get(URL, query_string={"view": "unassigned"}).json["items"]} == {queued, loose}
    assert rep.get(URL, query_string={"customer_id": acme.customers["n1_alpha"].id}).status_code == 200
    assert rep.get(URL, query_string={"view": "nonsense"}).status_code == 422


def test_keyset_pages_newest_first_and_by_due_time(service, tenant_session, api_client):
    now = utcnow()
    made = [make_ticket(service, tenant_session, created_at=now - timedelta(hours=h),
                        first_response_due_at=now + timedelta(hours=5 - h) if h != 2 else None) for h in range(5)]
    rep = api_client("acme", "rep_n1")
    first = rep.get(URL, query_string={"limit": 2}).json
    second = rep.get(URL, query_string={"limit": 2, "cursor": first["next_cursor"]}).json
    assert [i["id"] for i in first["items"] + second["items"]] == made[:4]
    due = rep.get(URL, query_string={"sort": "response_due", "limit": 10}).json["items"]
    assert [i["id"] for i in due] == [made[4], made[3], made[1], made[0], made[2]]


def test_messages_reply_opens_a_new_ticket_and_notes_do_not(service, api_client):
    rep = api_client("acme", "rep_n1")
    ticket = rep.post(URL, json=body(service)).json
    note = rep.post(f"{URL}/{ticket['id']}/messages", json={"kind": "note", "body": "Call the site first"})
    assert note.status_code == 201 and note.json["mailed_to"] is None
    assert rep.get(f"{URL}/{ticket['id']}").json["status"] == "new"
    reply = rep.post(f"{URL}/{ticket['id']}/messages", json={"kind": "reply", "body": "We are on it"}).json
    assert reply["kind"] == "reply" and reply["mailed_to"] is None  # no contact
    assert rep.get(f"{URL}/{ticket['id']}").json["status"] == "open"
    listed = rep.get(f"{URL}/{ticket['id']}/messages").json["items"]
    assert [m["kind"] for m in listed] == ["note", "reply"]
    assert rep.post(f"{URL}/{ticket['id']}/messages", json={"kind": "shout", "body": "x"}).status_code == 422
    assert rep.post(f"{URL}/{ticket['id']}/messages", json={"kind": "note", "body": ""}).status_code == 422


def test_the_api_is_in_the_openapi_document(service, client):
    document = client.get("/api/openapi.json").json
    assert "/api/v1/service/tickets/{ticket_id}/status" in document["paths"]
    assert {"ServiceTicket", "ServiceTicketMessage", "ServiceTicketAttachment"} <= set(document["components"]["schemas"])


def test_a_subject_is_one_line_without_control_characters(service, api_client):
    rep = api_client("acme", "rep_n1")
    for subject in ("Hi\nBcc: x@evil.test", "Hi\r\nBcc: x@evil.test", "Tab\there", "Bell\x07"):
        refused = rep.post(URL, json=body(service, subject=subject))
        assert refused.status_code == 422, refused.json
        assert "one line" in str(refused.json["error"]), refused.json
    ticket = rep.post(URL, json=body(service, subject="Hello · 你好")).json
    assert ticket["subject"] == "Hello · 你好"
    edited = rep.patch(f"{URL}/{ticket['id']}", json={"subject": "Hi\nBcc: x@evil.test"})
    assert edited.status_code == 422 and "one line" in str(edited.json["error"])
