"""Merging duplicates: the duplicate's purchases, referrals and external number go to the customer kept."""
from datetime import date

from insights_purchases_kit import add_purchase, add_referral, set_number
from sqlalchemy import select

from plugins.customer_insights.models import CustomerNumber, Purchase, Referral


def merge(api_client, world, kept, merged):
    """Merge acme's `merged` into `kept` (world keys) as the admin; the response."""
    customers = world.acme.customers
    return api_client("acme", "admin").post(f"/api/v1/customers/{customers[kept].id}/merge",
                                            json={"merge_id": customers[merged].id})


def state(tenant_session):
    """(purchases per customer id, {customer id: number}, referrals as (referrer, referred id, name))."""
    with tenant_session("acme") as session:
        purchases = {}
        for purchase in session.scalars(select(Purchase)):
            purchases[purchase.customer_id] = purchases.get(purchase.customer_id, 0) + 1
        numbers = {row.customer_id: row.number for row in session.scalars(select(CustomerNumber))}
        referrals = sorted((r.customer_id, r.referred_customer_id, r.referred_name)
                           for r in session.scalars(select(Referral)))
        return purchases, numbers, referrals


def test_everything_of_the_duplicate_follows_the_customer_kept(insights, api_client, tenant_session):
    ids = {key: customer.id for key, customer in insights.acme.customers.items()}
    add_purchase(insights, tenant_session, "n1_alpha")
    for day in (1, 2):
        add_purchase(insights, tenant_session, "n1_beta", day=date(2026, 2, day))
    set_number(insights, tenant_session, "n1_beta", "ERP-B")
    add_referral(insights, tenant_session, "n1_beta", referred="n2")
    add_referral(insights, tenant_session, "n2", referred="n1_beta")
    add_referral(insights, tenant_session, "n1_alpha", referred="n1_beta")  # would be Alpha referring itself

    assert merge(api_client, insights, "n1_alpha", "n1_beta").status_code == 200

    purchases, numbers, referrals = state(tenant_session)
    assert purchases == {ids["n1_alpha"]: 3}
    assert numbers == {ids["n1_alpha"]: "ERP-B"}
    assert referrals == sorted([(ids["n1_alpha"], ids["n2"], "Gamma Tools"),
                                (ids["n2"], ids["n1_alpha"], "Beta Foods")])


def test_the_kept_customer_keeps_its_own_number(insights, api_client, tenant_session):
    ids = {key: customer.id for key, customer in insights.acme.customers.items()}
    set_number(insights, tenant_session, "n1_alpha", "ERP-A")
    set_number(insights, tenant_session, "n1_beta", "ERP-B")

    assert merge(api_client, insights, "n1_alpha", "n1_beta").status_code == 200

    assert state(tenant_session)[1] == {ids["n1_alpha"]: "ERP-A"}


def test_the_data_follows_even_while_the_module_is_off(insights, api_client, tenant_session, enable_plugin):
    ids = {key: customer.id for key, customer in insights.acme.customers.items()}
    add_purchase(insights, tenant_session, "n1_beta")
    enable_plugin("acme", "customer_insights", enabled=False)

    assert merge(api_client, insights, "n1_alpha", "n1_beta").status_code == 200

    assert state(tenant_session)[0] == {ids["n1_alpha"]: 1}
