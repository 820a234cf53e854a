"""Review: odd input on the module's pages is a 4xx with a message, never a 500."""
import pytest

HUGE = "99999999999999999999999"  # beyond a 64-bit id


@pytest.mark.parametrize("customer_id", [HUGE, "\u00b2", "9223372036854775808"])
def test_a_customer_id_that_no_customer_can_have_is_a_404_on_the_purchase_form(insights, page_client, customer_id):
    client = page_client("acme", "manager_north")
    assert client.get(f"/insights/purchases/new?customer_id={customer_id}").status_code == 404
    assert client.post("/insights/purchases/new", data={"customer_id": customer_id, "amount": "1"}).status_code == 404


@pytest.mark.parametrize("customer_id", [HUGE, "\u00b2", "9223372036854775808"])
def test_the_purchase_list_filtered_by_an_impossible_customer_says_so(insights, page_client, customer_id):
    response = page_client("acme", "manager_north").get(f"/insights/purchases/?customer_id={customer_id}")
    assert response.status_code == 400


def _cursor(value, last):
    import base64
    import json
    return base64.urlsafe_b64encode(json.dumps([value, last]).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [_cursor("1.00", 10**30), _cursor(None, -(10**30)), _cursor(1.5, 2**63)])
def test_a_forged_cursor_with_an_impossible_id_is_a_400(insights, api_client, page_client, cursor):
    for sort in ("-clv", "-cdi"):
        response = api_client("acme", "admin").get(f"/api/v1/insights/customers?sort={sort}&cursor={cursor}")
        assert response.status_code == 400, response.get_json()
        assert "cursor" in response.get_data(as_text=True)
        assert page_client("acme", "admin").get(f"/insights/customers/?sort={sort}&cursor={cursor}").status_code == 400
