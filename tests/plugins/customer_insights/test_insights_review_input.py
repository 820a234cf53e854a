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
