"""The referrals API: recorded by who manages the referrer, read by who sees it, refused input, merges."""
from datetime import date, timedelta

import pytest
from insights_purchases_kit import add_referral
from sqlalchemy import select

from plugins.customer_insights.models import Referral

API = "/api/v1/insights/referrals"


def referrals(tenant_session):
    """(referrer id, referred id, referred name, day, note) of acme's referrals."""
    with tenant_session("acme") as session:
        return sorted((r.customer_id, r.referred_customer_id, r.referred_name, r.referred_on, r.note)
                      for r in session.scalars(select(Referral)))


def test_a_referral_of_a_customer_or_a_name_by_who_manages_the_referrer(insights, api_client, tenant_session):
    customers = insights.acme.customers
    rep = api_client("acme", "rep_n1")

    of_customer = rep.post(API, json={"customer_id": customers["n1_alpha"].id,
                                      "referred_customer_id": customers["n1_beta"].id, "referred_on": "2026-03-02",
                                      "note": "在展会上介绍的"})
    of_name = rep.post(API, json={"customer_id": customers["n1_alpha"].id, "referred_name": "New Prospect Ltd"})

    assert of_customer.status_code == 201, of_customer.json
    assert (of_customer.json["referred_customer_id"], of_customer.json["referred_name"]) == (
        customers["n1_beta"].id, "Beta Foods")
    assert of_name.status_code == 201 and of_name.json["referred_customer_id"] is None
    listed = rep.get(f"{API}?customer_id={customers['n1_alpha'].id}").json["items"]
    assert [item["id"] for item in listed] == [of_name.json["id"], of_customer.json["id"]]  # latest day first
    # The referrer's visibility decides who reads it; only who manages it deletes it.
    assert api_client("acme", "rep_n2").get(f"{API}/{of_name.json['id']}").status_code == 404
    assert api_client("acme", "manager_north").get(f"{API}/{of_name.json['id']}").status_code == 200
    assert rep.delete(f"{API}/{of_name.json['id']}").status_code == 204
    assert len(referrals(tenant_session)) == 1


def test_a_referred_customer_the_reader_may_not_see_is_shown_without_id_or_name(insights, api_client,
                                                                                 tenant_session):
    referral_id = add_referral(insights, tenant_session, "s1_shared", referred="s1")
    rep = api_client("acme", "rep_n1")  # sees Epsilon (shared), not Delta

    read = rep.get(f"{API}/{referral_id}").json

    assert (read["referred_customer_id"], read["referred_name"]) == (None, None)
    assert api_client("acme", "manager_south").get(f"{API}/{referral_id}").json["referred_name"] == "Delta Shipping"
    # Seeing a customer through a share is not managing it: no referral of its own, no deletion.
    assert rep.delete(f"{API}/{referral_id}").status_code == 403
    assert rep.post(API, json={"customer_id": insights.acme.customers["s1_shared"].id,
                               "referred_name": "X"}).status_code == 403


@pytest.mark.parametrize("body, field", [
    ({}, "referred_name"),
    ({"referred_name": "X", "referred_customer_id": "BETA"}, "referred_name"),
    ({"referred_customer_id": "SELF"}, "referred_customer_id"),
    ({"referred_customer_id": "DELTA"}, "referred_customer_id"),
    ({"referred_name": "X", "referred_on": "FUTURE"}, "referred_on"),
    ({"referred_name": "X", "referred_on": "someday"}, "referred_on"),
    ({"referred_name": "x" * 201}, "referred_name"),
    ({"referred_name": "X", "note": "x" * 2001}, "note"),
])
def test_bad_input_is_a_field_error_and_writes_nothing(insights, api_client, tenant_session, body, field):
    customers = insights.acme.customers
    names = {"BETA": customers["n1_beta"].id, "SELF": customers["n1_alpha"].id, "DELTA": customers["s1"].id,
             "FUTURE": (date.today() + timedelta(days=2)).isoformat()}
    body = {key: names.get(value, value) if isinstance(value, str) else value for key, value in body.items()}

    answer = api_client("acme", "rep_n1").post(API, json={"customer_id": customers["n1_alpha"].id, **body})

    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["fields"][field]
    assert referrals(tenant_session) == []


def test_the_api_is_in_the_openapi_document(insights, client):
    document = client.get("/api/openapi.json").json
    assert {"/api/v1/insights/referrals", "/api/v1/insights/referrals/{referral_id}"} <= set(document["paths"])
    assert {"InsightsReferral", "InsightsReferralInput", "InsightsReferralPage"} <= set(
        document["components"]["schemas"])
