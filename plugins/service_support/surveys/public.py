"""The public survey page at /service/survey/<token>: no sign-in, in the workspace's language, answered once.

The token is the capability: it finds the survey and its workspace, and the
page then works inside that workspace's scope. Posting needs no CSRF token (the
visitor has no session to forge) and changes nothing but that one survey,
once. Unknown tokens, another form of a token and a disabled module are all
the same 404; requests are counted per client address, so guessing is slow.
"""
from contextlib import ExitStack

from flask import render_template, request
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import (
    Blueprint, Tenant, current_tenant_id, db, field_errors, force_locale, public_view, rate_limit, reader_locale,
    tenant_scope,
)

from plugins.service_support.blueprints import TEMPLATES
from plugins.service_support.surveys import service
from plugins.service_support.surveys.schemas import ServiceSurveyAnswerSchema

bp = Blueprint("service_surveys_public", __name__, url_prefix="/service/survey", template_folder=TEMPLATES)

REQUESTS_PER_ADDRESS = "20/hour"
"""Survey page requests (views and answers, any token) one client address may make."""
PAGE = "service_support/surveys/public.html"


@bp.route("/<token>", methods=["GET", "POST"])
@public_view
def answer(token):
    """Show the survey (a 1-5 score and a comment) and take its one answer; expired and answered ones say so."""
    if not rate_limit(REQUESTS_PER_ADDRESS, "service-survey", request.remote_addr or "unknown").allowed:
        return throttled(token)
    with tenant_scope(service.public_tenant(token)):
        survey = service.public_survey(token)
        with force_locale(reader_locale()):
            return respond(survey)


def throttled(token):
    """The 429 page: in the survey's workspace's language when `token` is a survey's, else in the visitor's.

    The language tells a throttled guesser that a token exists only in a Chinese
    workspace, and only for a 43-character random token, which no one guesses.
    """
    tenant_id = service.token_tenant(token)
    with ExitStack() as language:
        if tenant_id is not None:
            language.enter_context(tenant_scope(tenant_id))
            language.enter_context(force_locale(reader_locale()))
        return render_template(PAGE, state="throttled", workspace=None, values={}, errors={}), 429


def respond(survey):
    """The page for `survey` in its current state, taking the answer when one is posted to an open survey."""
    workspace = db.session.scalar(select(Tenant.name).where(Tenant.id == current_tenant_id()))
    state = service.state(survey)
    values, errors = {}, {}
    if state == "open" and request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in ("score", "comment")}
        try:
            data = ServiceSurveyAnswerSchema().load({key: value for key, value in values.items() if value})
        except ValidationError as err:
            errors = field_errors(err)
        else:
            state = "thanks" if service.answer(survey, data["score"], data.get("comment")) else "answered"
    page = render_template(PAGE, state=state, workspace=workspace, values=values, errors=errors)
    if errors:
        return page, 422
    if state == "expired":
        return page, 410
    if state == "answered" and request.method == "POST":
        return page, 409
    return page, 200
