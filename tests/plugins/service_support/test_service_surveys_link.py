"""The public survey link: answered once without signing in, expiring, unguessable, per workspace, throttled."""
import secrets
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import utcnow
from service_followups_support import add_survey, follow_ups, surveys
from service_kit import make_ticket

from plugins.service_support import events
from plugins.service_support.models import TicketEvent
from plugins.service_support.surveys.public import REQUESTS_PER_ADDRESS


def open_survey(service, tenant_session, tenant="acme", **columns):
    """(token, survey id, ticket id) of a sent survey of a new resolved inquiry."""
    token = secrets.token_urlsafe(32)
    ticket = make_ticket(service, tenant_session, tenant=tenant, category="inquiry", status="resolved",
                         contact="n1_alpha")
    return token, add_survey(tenant_session, service, token, ticket, tenant=tenant, **columns), ticket


def test_the_contact_answers_once_without_signing_in(service, tenant_session, client, jobs):
    token, survey_id, ticket = open_survey(service, tenant_session)
    heard = []
    page = client.get(f"/service/survey/{token}")
    assert page.status_code == 200 and 'id="survey-form"' in page.get_data(as_text=True)
    assert 'name="csrf_token"' not in page.get_data(as_text=True)
    with events.survey_answered.connected_to(lambda survey, **kw: heard.append((survey.id, survey.score))):
        done = client.post(f"/service/survey/{token}", data={"score": "4", "comment": "Quick and kind."})
    assert done.status_code == 200 and "Your answer has been recorded" in done.get_data(as_text=True)
    [survey] = surveys(tenant_session)
    assert (survey.score, survey.comment) == (4, "Quick and kind.") and survey.answered_at is not None
    assert heard[-1] == (survey_id, 4)
    with tenant_session("acme") as session:
        event = session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket))
        assert event.kind == "survey_answered" and event.detail["score"] == 4
    again = client.post(f"/service/survey/{token}", data={"score": "1", "comment": "Changed my mind"})
    assert again.status_code == 409 and "already been answered" in again.get_data(as_text=True)
    assert client.get(f"/service/survey/{token}").status_code == 200
    assert [(s.score, s.comment) for s in surveys(tenant_session)] == [(4, "Quick and kind.")]
    assert follow_ups(tenant_session) == []  # 4 is no low score


def test_bad_scores_are_shown_again_and_nothing_is_stored(service, tenant_session, client, jobs):
    token, _, _ = open_survey(service, tenant_session)
    for score in ("0", "6", "abc", ""):
        answer = client.post(f"/service/survey/{token}", data={"score": score})
        assert answer.status_code == 422, score
    assert client.post(f"/service/survey/{token}", data={"score": "3", "comment": "x" * 2001}).status_code == 422
    assert surveys(tenant_session)[0].answered_at is None


def test_an_expired_link_says_so_and_takes_nothing(service, tenant_session, client, jobs):
    token, _, _ = open_survey(service, tenant_session, expires_at=utcnow() - timedelta(minutes=1))
    page = client.get(f"/service/survey/{token}")
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)
    assert client.post(f"/service/survey/{token}", data={"score": "5"}).status_code == 410
    assert surveys(tenant_session)[0].answered_at is None


def test_guessed_tokens_and_the_stored_hash_are_404(service, tenant_session, client, jobs):
    open_survey(service, tenant_session)
    stored = surveys(tenant_session)[0].token_hash
    for guess in (secrets.token_urlsafe(32), "x", stored):
        assert client.get(f"/service/survey/{guess}").status_code == 404
        assert client.post(f"/service/survey/{guess}", data={"score": "5"}).status_code == 404
    assert surveys(tenant_session)[0].answered_at is None


def test_each_workspace_answers_its_own_and_a_disabled_module_is_404(service, enable_plugin, tenant_session,
                                                                   client, page_client, jobs):
    acme_token, _, _ = open_survey(service, tenant_session)
    globex_token, _, _ = open_survey(service, tenant_session, tenant="globex")
    # Signed in to acme makes no difference: the token decides the workspace.
    acme_user = page_client("acme", "rep_n1")
    assert acme_user.post(f"/service/survey/{globex_token}", data={"score": "5"}).status_code == 200
    assert [s.score for s in surveys(tenant_session, "globex")] == [5]
    assert surveys(tenant_session, "acme")[0].answered_at is None
    enable_plugin("acme", "service_support", enabled=False)
    assert client.get(f"/service/survey/{acme_token}").status_code == 404
    assert client.post(f"/service/survey/{acme_token}", data={"score": "5"}).status_code == 404
    assert surveys(tenant_session, "acme")[0].answered_at is None


def test_requests_are_throttled_per_address(service, tenant_session, client, jobs):
    token, _, _ = open_survey(service, tenant_session)
    allowed = int(REQUESTS_PER_ADDRESS.split("/")[0])
    for _ in range(allowed):
        assert client.get(f"/service/survey/{secrets.token_urlsafe(8)}").status_code == 404
    assert client.get(f"/service/survey/{token}").status_code == 429
    assert client.post(f"/service/survey/{token}", data={"score": "5"}).status_code == 429
    assert surveys(tenant_session)[0].answered_at is None
    other = client.post(f"/service/survey/{token}", data={"score": "5"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_the_throttled_page_speaks_the_workspaces_language(service, tenant_session, client, api_client, jobs):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    token, _, _ = open_survey(service, tenant_session)
    for _ in range(int(REQUESTS_PER_ADDRESS.split("/")[0])):
        client.get(f"/service/survey/{token}")
    throttled = client.get(f"/service/survey/{token}")
    assert throttled.status_code == 429
    assert "您的地址请求过于频繁" in throttled.get_data(as_text=True)
    unknown = client.get(f"/service/survey/{secrets.token_urlsafe(32)}")  # no workspace: the visitor's own language
    assert unknown.status_code == 429 and "Too many requests" in unknown.get_data(as_text=True)
