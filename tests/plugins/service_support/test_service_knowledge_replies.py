"""Canned replies: personal or shared, placeholders filled by name only (never reaching attributes), rendering."""
from sqlalchemy import select

from service_kit import make_ticket
from service_knowledge_kit import make_reply

from crm_platform.models import User
from plugins.service_support.knowledge.placeholders import fill, render_reply
from plugins.service_support.models import CannedReply, Ticket

URL = "/api/v1/service/canned-replies"
EVERY = "{customer}/{contact}/{ticket}/{subject}/{agent}/{workspace}"


def render(client, reply_id, ticket_id):
    """The API's answer to filling `reply_id` for `ticket_id`."""
    return client.post(f"{URL}/{reply_id}/render", json={"ticket_id": ticket_id})


def test_every_placeholder_is_filled_for_the_ticket_and_the_agent(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session, contact="n1_alpha", subject="冷库不制冷")
    with tenant_session("acme") as session:
        number = session.get(Ticket, ticket).number
    reply = make_reply(service, tenant_session, body=EVERY)
    answer = render(api_client("acme", "rep_n1"), reply, ticket)
    assert answer.status_code == 200, answer.json
    assert answer.json == {"text": f"Alpha Trading/Alpha Trading Contact/{number}/冷库不制冷/Rep N1/Acme",
                           "unknown": []}
    chinese = make_reply(service, tenant_session, body="{联系人}您好，工单{工单号}已由{客服}处理。")
    assert render(api_client("acme", "rep_n1"), chinese, ticket).json["text"] == \
        f"Alpha Trading Contact您好，工单{number}已由Rep N1处理。"


def test_a_ticket_without_a_contact_greets_the_customer(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session)
    reply = make_reply(service, tenant_session, body="Dear {contact},")
    assert render(api_client("acme", "rep_n1"), reply, ticket).json["text"] == "Dear Alpha Trading,"


def test_unknown_and_malicious_placeholders_stay_as_typed_and_are_listed(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session)
    body = "{customer.__class__} {customer.__init__.__globals__} {0} {customer!r} {{customer}} {order} {order} { } {}"
    reply = make_reply(service, tenant_session, body=body)
    answer = render(api_client("acme", "rep_n1"), reply, ticket).json
    assert answer["text"] == ("{customer.__class__} {customer.__init__.__globals__} {0} {customer!r} "
                              "{Alpha Trading} {order} {order} { } {}")
    assert answer["unknown"] == ["{customer.__class__}", "{customer.__init__.__globals__}", "{0}", "{customer!r}",
                                 "{order}"]
    assert fill("{a} and {b}", {"a": "{b}"}).text == "{b} and {b}", "filled text is never filled again"


def test_render_needs_a_ticket_and_a_reply_the_caller_may_see(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    shared = make_reply(service, tenant_session)
    personal = make_reply(service, tenant_session, owner="rep_n1")
    globex_ticket = make_ticket(service, tenant_session, tenant="globex")
    rep_n2 = api_client("acme", "rep_n2")
    assert render(rep_n2, shared, ticket).status_code == 404, "rep_n2 may not see Alpha Trading's ticket"
    assert render(rep_n2, shared, globex_ticket).json == render(rep_n2, shared, 999_999).json
    assert render(rep_n2, shared, 999_999).status_code == 404
    assert render(api_client("acme", "rep_n1"), shared, globex_ticket).status_code == 404
    assert render(api_client("acme", "manager_north"), personal, ticket).status_code == 404, "not theirs"
    assert render(api_client("acme", "manager_north"), shared, ticket).status_code == 200, "their unit's customer"
    assert render(api_client("acme", "rep_n1"), personal, ticket).status_code == 200
    assert api_client("acme", "rep_n1").post(f"{URL}/{shared}/render", json={}).status_code == 422


def test_personal_replies_are_their_owners_and_shared_ones_need_the_permission(service, api_client):
    rep = api_client("acme", "rep_n1")
    mine = rep.post(URL, json={"title": "我的问候", "body": "{customer}您好"})
    assert mine.status_code == 201 and mine.json["shared"] is False
    assert mine.json["owner_id"] == service.acme.users["rep_n1"].id
    assert rep.post(URL, json={"title": "To all", "body": "Hi", "shared": True}).status_code == 403
    assert rep.patch(f"{URL}/{mine.json['id']}", json={"shared": True}).status_code == 403
    manager = api_client("acme", "manager_north")
    shared = manager.post(URL, json={"title": "Closing", "body": "Regards, {agent}", "shared": True})
    assert shared.status_code == 201 and shared.json["owner_id"] is None
    assert [r["title"] for r in rep.get(URL).json["items"]] == ["Closing", "我的问候"]
    assert [r["title"] for r in rep.get(f"{URL}?shared=false").json["items"]] == ["我的问候"]
    assert [r["title"] for r in rep.get(f"{URL}?q=regards").json["items"]] == ["Closing"]
    assert [r["title"] for r in manager.get(URL).json["items"]] == ["Closing"], "a colleague's own stay private"
    assert manager.get(f"{URL}/{mine.json['id']}").status_code == 404
    assert manager.patch(f"{URL}/{mine.json['id']}", json={"title": "x"}).status_code == 404
    assert rep.get(f"{URL}/{shared.json['id']}").status_code == 200
    assert rep.patch(f"{URL}/{shared.json['id']}", json={"title": "x"}).status_code == 403
    assert rep.delete(f"{URL}/{shared.json['id']}").status_code == 403
    assert rep.patch(f"{URL}/{mine.json['id']}", json={"body": "{contact}您好"}).json["body"] == "{contact}您好"
    assert rep.delete(f"{URL}/{mine.json['id']}").status_code == 204
    assert manager.patch(f"{URL}/{shared.json['id']}", json={"shared": False}).json["owner_id"] == \
        service.acme.users["manager_north"].id
    assert rep.get(URL).json["items"] == []
    assert rep.post(URL, json={"title": "", "body": "x"}).status_code == 422
    assert rep.get(f"{URL}?cursor=garbage").status_code == 400


def test_pages_list_write_edit_and_delete(service, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    assert rep.post("/service/knowledge/replies/new", data={"title": "问候", "body": "{客户}您好",
                                                            "shared": "1"}).status_code == 403
    assert rep.post("/service/knowledge/replies/new", data={"title": "问候", "body": "{客户}您好"}).status_code == 302
    with tenant_session("acme") as session:
        reply = session.scalar(select(CannedReply).where(CannedReply.title == "问候"))
        reply_id, owner_id = reply.id, reply.owner_id
    assert owner_id == service.acme.users["rep_n1"].id
    listing = rep.get("/service/knowledge/replies/").get_data(as_text=True)
    assert "问候" in listing and "data-confirm=" in listing
    form = rep.get(f"/service/knowledge/replies/{reply_id}/edit").get_data(as_text=True)
    assert "{customer}" in form and "{客户}" in form and 'name="shared"' not in form
    assert rep.post(f"/service/knowledge/replies/{reply_id}/edit", data={"title": "", "body": ""}).status_code == 422
    shared = make_reply(service, tenant_session, title="Shared one")
    assert rep.get(f"/service/knowledge/replies/{shared}/edit").status_code == 403
    assert "Shared one" in rep.get("/service/knowledge/replies/?shared=true").get_data(as_text=True)
    manager = page_client("acme", "manager_north")
    assert manager.get(f"/service/knowledge/replies/{reply_id}/edit").status_code == 404
    assert 'name="shared"' in manager.get(f"/service/knowledge/replies/{shared}/edit").get_data(as_text=True)
    assert rep.post(f"/service/knowledge/replies/{reply_id}/delete").status_code == 302
    with tenant_session("acme") as session:
        assert session.get(CannedReply, reply_id) is None


def test_render_reply_is_the_function_other_features_call(service, app, tenant_session):
    ticket_id = make_ticket(service, tenant_session)
    reply_id = make_reply(service, tenant_session, body="{agent} @ {workspace}: {nope}")
    with app.test_request_context(), tenant_session("acme") as session:
        user = session.get(User, service.acme.users["rep_n1"].id)
        rendered = render_reply(session.get(CannedReply, reply_id), session.get(Ticket, ticket_id), user)
    assert (rendered.text, rendered.unknown) == ("Rep N1 @ Acme: {nope}", ("{nope}",))
