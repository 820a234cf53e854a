"""Review: deleting a customer another one referred keeps the referral (its name), as docs/insights.md says."""
from insights_purchases_kit import add_referral
from sqlalchemy import select

from plugins.customer_insights.models import Referral


def test_deleting_a_referred_customer_keeps_the_referral_by_name(insights, api_client, tenant_session):
    referral_id = add_referral(insights, tenant_session, "n1_alpha", referred="n1_beta")
    beta = insights.acme.customers["n1_beta"]

    response = api_client("acme", "admin").delete(f"/api/v1/customers/{beta.id}")

    assert response.status_code == 204, response.get_data(as_text=True)
    with tenant_session("acme") as session:
        referral = session.scalar(select(Referral).where(Referral.id == referral_id))
        assert referral is not None and referral.referred_customer_id is None
        assert referral.referred_name == beta.name and referral.tenant_id is not None
