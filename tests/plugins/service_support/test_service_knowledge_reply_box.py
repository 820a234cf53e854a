"""The tools under the ticket page's reply box, and the JavaScript-free path: `?canned=<id>` prefills the box.

The ticket page is the tickets feature's; these tests render the tools as that page
does (sections.for_ticket) and call `prefill_reply` with the page's query arguments.
"""
from flask_login import login_user

from service_kit import make_ticket
from service_knowledge_kit import make_reply

from crm_platform.models import User
from plugins.service_support.knowledge.service import prefill_reply
from plugins.service_support.models import Ticket
from plugins.service_support.sections import for_ticket


def tools_html(app, world, tenant_session, ticket_id, user="rep_n1"):
    """The reply tools of the ticket page of `ticket_id` as `user` sees it, in one string."""
    with app.test_request_context(f"/service/tickets/{ticket_id}"), tenant_session("acme") as session:
        login_user(session.get(User, world.acme.users[user].id))
        _, tools = for_ticket(session.get(Ticket, ticket_id), session.get(User, world.acme.users[user].id))
    return "".join(tools)


def prefill(app, world, tenant_session, ticket_id, args, user="rep_n1"):
    """What the ticket page's reply box starts with for these query arguments."""
    with app.test_request_context(), tenant_session("acme") as session:
        return prefill_reply(session.get(Ticket, ticket_id), session.get(User, world.acme.users[user].id), args)


def test_the_picker_offers_shared_and_own_replies_filled_for_the_ticket(service, app, tenant_session):
    ticket = make_ticket(service, tenant_session, contact="n1_alpha")
    shared = make_reply(service, tenant_session, title="Greeting", body="<b>Dear</b> {contact}, {nope}")
    mine = make_reply(service, tenant_session, owner="rep_n1", title="My sign-off", body="{agent}")
    theirs = make_reply(service, tenant_session, owner="rep_n2", title="Their sign-off")
    html = tools_html(app, service, tenant_session, ticket)
    assert f'action="/service/tickets/{ticket}#reply-body"' in html and 'method="get"' in html
    assert 'name="canned"' in html and f'value="{shared}"' in html and f'value="{mine}"' in html
    assert f'value="{theirs}"' not in html and "Their sign-off" not in html
    assert 'data-text="&lt;b&gt;Dear&lt;/b&gt; Alpha Trading Contact, {nope}"' in html
    assert 'data-unknown="{nope}"' in html and 'data-text="Rep N1"' in html
    assert '<script src="/service/knowledge/static/service_support/reply_tools.js" defer></script>' in html
    assert 'data-articles-url="/api/v1/service/articles"' in html
    assert 'action="/service/knowledge/"' in html, "without JavaScript the search opens the knowledge base"


def test_without_replies_the_box_offers_to_write_one(service, app, tenant_session):
    html = tools_html(app, service, tenant_session, make_ticket(service, tenant_session))
    assert 'name="canned"' not in html and 'href="/service/knowledge/replies/new"' in html


def test_canned_in_the_query_prefills_the_reply_box(service, app, tenant_session):
    ticket = make_ticket(service, tenant_session)
    shared = make_reply(service, tenant_session, body="{customer}您好，{customer.__class__}")
    theirs = make_reply(service, tenant_session, owner="rep_n2")
    globex = make_reply(service, tenant_session, tenant="globex")
    assert prefill(app, service, tenant_session, ticket, {"canned": str(shared)}) == \
        "Alpha Trading您好，{customer.__class__}"
    for nothing in ({}, {"canned": ""}, {"canned": "abc"}, {"canned": str(theirs)}, {"canned": str(globex)},
                    {"canned": "9" * 30}, {"canned": "-1"}, {"canned": "１２"}):
        assert prefill(app, service, tenant_session, ticket, nothing) is None, nothing


def test_the_script_is_served_from_the_module(service, page_client):
    answer = page_client("acme", "rep_n1").get("/service/knowledge/static/service_support/reply_tools.js")
    assert answer.status_code == 200 and b"reply-body" in answer.data


def test_the_ticket_page_gives_the_picker_its_reply_box_and_starts_it_from_the_query(service, tenant_session,
                                                                                     page_client):
    ticket = make_ticket(service, tenant_session, contact="n1_alpha")
    shared = make_reply(service, tenant_session, body="Dear {contact}, about {ticket}")
    theirs = make_reply(service, tenant_session, owner="rep_n2")
    browser = page_client("acme", "rep_n1")
    page = browser.get(f"/service/tickets/{ticket}").get_data(as_text=True)
    assert '<textarea name="body" id="reply-body" rows="5"></textarea>' in page  # where reply_tools.js inserts
    page = browser.get(f"/service/tickets/{ticket}?canned={shared}").get_data(as_text=True)
    assert 'id="reply-body" rows="5">Dear Alpha Trading Contact, about T-' in page
    page = browser.get(f"/service/tickets/{ticket}?canned={theirs}").get_data(as_text=True)
    assert 'id="reply-body" rows="5"></textarea>' in page
