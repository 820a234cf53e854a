"""Makers of the customer insights module's authorization matrix (plugins/customer_insights/authorization.toml).

Each maker is `maker(requests, user_key)` -> {parameter: value}; the records sit on
rep_s1's customer s1_shared, in sight of every role the matrix checks.
"""
from datetime import date

from insights_purchases_kit import add_purchase, add_referral, set_number
from insights_runs_kit import add_purchases

from plugins.customer_insights.runs import pipeline


def purchase(requests, user_key):
    """A purchase of s1_shared."""
    return {"purchase_id": requests.once("purchase", lambda: add_purchase(
        requests.world, requests.tenant_session, "s1_shared"))}


def referral(requests, user_key):
    """s1_shared's referral of s1."""
    return {"referral_id": requests.once("referral", lambda: add_referral(
        requests.world, requests.tenant_session, "s1_shared", referred="s1"))}


def number(requests, user_key):
    """s1_shared with an ERP number."""
    requests.once("number", lambda: set_number(requests.world, requests.tenant_session, "s1_shared", "ERP-1"))
    return {}


def run(requests, user_key):
    """A finished computation over one purchase."""
    def make():
        add_purchases(requests.world, requests.tenant_session, [("s1_shared", date(2025, 5, 1), "10.00")])
        with requests.tenant_session("acme"):
            return pipeline.compute(date(2025, 6, 30)).id
    return {"run_id": requests.once("run", make)}


MAKERS = {"purchase": purchase, "referral": referral, "number": number, "run": run}
