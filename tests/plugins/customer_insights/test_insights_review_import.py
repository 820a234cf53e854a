"""Review: numbers a spreadsheet cannot hold fail their row with a reason; the import finishes."""
from test_insights_purchases_import import HEADER, report, run

from insights_purchases_kit import stored_purchases


def test_amounts_and_quantities_beyond_any_decimal_fail_their_row_only(insights, api_client, tenant_session, jobs):
    client = api_client("acme", "manager_north")
    rows = HEADER + ("Alpha Trading,,,,,2026-03-05,1e999999999,,,,\n"
                     "Alpha Trading,,,,,2026-03-05,10,,1E999999999,,\n"
                     "Alpha Trading,,,,,2026-03-05,-1e999999999,,,,\n"
                     "Alpha Trading,,,,,2026-03-05,1e-999999999,,,,\n"
                     "Alpha Trading,,,,,2026-03-06,12.50,,,,\n")
    batch_id, counts = run(client, jobs, rows)
    assert counts == {"created": 1, "updated": 0, "skipped": 0, "failed": 4}
    reasons = report(client, batch_id)
    assert set(reasons) == {"2", "3", "4", "5"}
    assert reasons["2"].startswith("amount:") and reasons["3"].startswith("quantity:")
    assert len(stored_purchases(tenant_session)) == 1


def test_the_api_refuses_amounts_beyond_any_decimal_with_a_422(insights, api_client):
    client = api_client("acme", "manager_north")
    alpha = insights.acme.customers["n1_alpha"].id
    for body in ({"amount": "1e999999999"}, {"amount": "1e-999999999"}, {"amount": "10", "quantity": "1E999999999"}):
        response = client.post("/api/v1/insights/purchases", json={"customer_id": alpha, **body})
        assert response.status_code == 422, response.get_json()
    # Places are counted without the trailing zeros, as before.
    for amount, status in (("1.50", 201), ("1.500", 201), ("1200", 201), ("12E2", 201), ("1.555", 422)):
        response = client.post("/api/v1/insights/purchases", json={"customer_id": alpha, "amount": amount})
        assert response.status_code == status, (amount, response.get_json())
