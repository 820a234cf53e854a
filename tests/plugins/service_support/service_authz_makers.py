"""Makers of the service support module's authorization matrix (plugins/service_support/authorization.toml).

Each maker is `maker(requests, user_key)` -> {parameter: value}. The ticket is on
rep_s1's customer s1_shared and assigned to rep_s1, in sight of every role the
matrix checks; so are the return visit, survey and requirement.
"""
import secrets
from datetime import date

from service_followups_support import add_follow_up, add_survey
from service_kit import make_ticket
from service_knowledge_kit import make_article, make_reply
from service_requirements_kit import new_requirement
from service_sla_support import add_policy
from service_tickets_kit import upload

OWNER, CUSTOMER = "rep_s1", "s1_shared"


def ticket(requests, user_key):
    """An open complaint about s1_shared, assigned to rep_s1."""
    return {"ticket_id": requests.once("ticket", lambda: make_ticket(
        requests.world, requests.tenant_session, customer=CUSTOMER, assignee=OWNER, contact=CUSTOMER))}


def attachment(requests, user_key):
    """The ticket with a PDF rep_s1 attached."""
    ids = ticket(requests, user_key)

    def make():
        made = upload(requests.api_client("acme", OWNER), ids["ticket_id"])
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {**ids, "attachment_id": requests.once("attachment", make)}


def follow_up(requests, user_key):
    """rep_s1's return visit after the ticket."""
    ids = ticket(requests, user_key)
    return {**ids, "follow_up_id": requests.once("follow_up", lambda: add_follow_up(
        requests.tenant_session, requests.world, date(2026, 3, 2), owner=OWNER, customer=CUSTOMER,
        ticket_id=ids["ticket_id"]))}


def survey(requests, user_key):
    """A sent survey of the ticket; its link's token too."""
    ids = ticket(requests, user_key)

    def make():
        token = secrets.token_urlsafe(32)
        return add_survey(requests.tenant_session, requests.world, token, ids["ticket_id"], customer=CUSTOMER), token
    survey_id, token = requests.once("survey", make)
    return {**ids, "survey_id": survey_id, "token": token}


def article(requests, user_key):
    """A published knowledge base article."""
    return {"article_id": requests.once("article", lambda: make_article(requests.tenant_session))}


def reply(requests, user_key):
    """A shared canned reply, and the ticket to render it for."""
    return {**ticket(requests, user_key), "reply_id": requests.once("reply", lambda: make_reply(
        requests.world, requests.tenant_session))}


def requirement(requests, user_key):
    """rep_s1's requirement for s1_shared; s1, another customer to vote with."""
    def make():
        return new_requirement(requests.api_client, requests.world, user=OWNER, customer=CUSTOMER)["id"]
    return {"requirement_id": requests.once("requirement", make), "voter_id": requests.world.acme.customers["s1"].id}


def vote(requests, user_key):
    """The requirement with s1's vote, which rep_s1 added."""
    ids = requirement(requests, user_key)

    def make():
        made = requests.api_client("acme", OWNER).post(f"/api/v1/service/requirements/{ids['requirement_id']}/votes",
                                                       json={"customer_id": ids["voter_id"]})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {**ids, "vote_id": requests.once("vote", make)}


def policy(requests, user_key):
    """An SLA policy."""
    return {"policy_id": requests.once("policy", lambda: add_policy(requests.tenant_session))}


def static(requests, user_key):
    """A file of the module's static folder."""
    return {"filename": "service_support/reply_tools.js"}


MAKERS = {"ticket": ticket, "attachment": attachment, "follow_up": follow_up, "survey": survey, "article": article,
          "reply": reply, "requirement": requirement, "vote": vote, "policy": policy, "static": static}
