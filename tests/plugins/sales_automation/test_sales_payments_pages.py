"""The payments list and the contract page's payments partial: filters, pages, and who sees which forms."""
from datetime import date

from flask import render_template

from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope

from plugins.sales_automation.models import Contract
from plugins.sales_automation.payments.queries import instalments_of
from tests.plugins.sales_automation.payments_support import make_contract


def pay(client, contract_id, instalment_id, **body):
    answer = client.post(f"/api/v1/sales/contracts/{contract_id}/instalments/{instalment_id}/payments", json=body)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_the_payment_list_filters_and_pages_by_day_received(sales, api_client, tenant_session):
    with tenant_session("acme"):
        contract_id, (first, second) = make_contract(sales.acme, plan=(("100.00", date(2026, 1, 31)),
                                                                        ("100.00", date(2026, 2, 28))))
    client = api_client("acme", "rep_n1")
    older = pay(client, contract_id, first, amount="1", received_on="2026-01-03", method="cash")
    newest = pay(client, contract_id, second, amount="2", received_on="2026-01-09")
    middle = pay(client, contract_id, first, amount="3", received_on="2026-01-05", method="cash")
    page = client.get("/api/v1/sales/payments?limit=2").json
    assert [p["id"] for p in page["items"]] == [newest, middle]
    rest = client.get(f"/api/v1/sales/payments?limit=2&cursor={page['next_cursor']}").json
    assert [p["id"] for p in rest["items"]] == [older] and rest["next_cursor"] is None
    assert [p["id"] for p in client.get("/api/v1/sales/payments?method=cash").json["items"]] == [middle, older]
    ranged = client.get("/api/v1/sales/payments?received_from=2026-01-04&received_to=2026-01-08").json["items"]
    assert [p["id"] for p in ranged] == [middle]
    assert [p["id"] for p in client.get(f"/api/v1/sales/payments?instalment_id={second}").json["items"]] == [newest]
    assert client.get("/api/v1/sales/payments?cursor=nonsense").status_code == 400
    assert client.get("/api/v1/sales/payments?method=barter").status_code == 422


def partial(app, world, user_key, contract_id):
    """The partial as the contract page includes it, rendered for `user_key`."""
    with app.test_request_context(f"/sales/contracts/{contract_id}"), tenant_scope(world.acme.id):
        from flask_login import login_user

        login_user(db.session.get(User, world.acme.users[user_key].id))
        contract = db.session.get(Contract, contract_id)
        return render_template("sales_automation/payments/_contract.html", contract=contract,
                               instalments=instalments_of(contract_id), can_manage=False)


def test_the_partial_offers_forms_to_those_who_may(sales, app, api_client, tenant_session):
    with tenant_session("acme"):
        own_id, (own_first, own_second) = make_contract(sales.acme, plan=(("100.00", date(2026, 1, 31)),
                                                                          ("50.00", date(2099, 1, 31))))
        shared_id, _ = make_contract(sales.acme, customer="s1_shared")
    pay(api_client("acme", "rep_n1"), own_id, own_first, amount="100")
    mine = partial(app, sales, "rep_n1", own_id)
    assert mine.count('class="payment-form"') == 1  # the settled instalment takes no more
    assert f"/sales/payments/contracts/{own_id}/instalments/{own_second}/payments" in mine
    assert 'name="next" value="/sales/contracts/' in mine and "Delete" not in mine
    assert "Settled" in mine and "Not yet due" in mine
    assert 'class="payment-form"' not in partial(app, sales, "rep_n1", shared_id)
    manager = partial(app, sales, "manager_north", own_id)
    assert "Delete" in manager and "data-confirm=" in manager


def test_the_api_is_in_the_openapi_document(sales, client):
    spec = client.get("/api/openapi.json").json
    assert {"/api/v1/sales/payments", "/api/v1/sales/receivables",
            "/api/v1/sales/contracts/{contract_id}/instalments/{instalment_id}/payments"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert {"SalesPayment", "SalesPaymentInput", "SalesPaymentPage", "SalesReceivables", "SalesAgeingRow"} <= set(schemas)
    assert not [name for name in schemas if name.startswith("Sales") and name[-1].isdigit()]


def test_the_payments_page_lists_filters_and_deletes(sales, api_client, page_client, tenant_session):
    with tenant_session("acme"):
        contract_id, (first,) = make_contract(sales.acme, plan=(("100.00", date(2026, 1, 31)),))
        south_id, (south_first,) = make_contract(sales.acme, customer="s1")
    cash = pay(api_client("acme", "rep_n1"), contract_id, first, amount="12.34", received_on="2026-01-03",
               method="cash")
    cheque = pay(api_client("acme", "rep_n1"), contract_id, first, amount="5", received_on="2026-01-04",
                 method="cheque")
    hidden = pay(api_client("acme", "rep_s1"), south_id, south_first, amount="7")
    text = page_client("acme", "rep_n1").get("/sales/payments/").get_data(as_text=True)
    assert f'id="payment-{cash}"' in text and f'id="payment-{cheque}"' in text
    assert f'id="payment-{hidden}"' not in text and "Delete" not in text
    only_cash = page_client("acme", "manager_north").get("/sales/payments/?method=cash").get_data(as_text=True)
    assert f'id="payment-{cash}"' in only_cash and f'id="payment-{cheque}"' not in only_cash
    assert "CN¥12.34" in only_cash and "Delete" in only_cash
    assert page_client("acme", "rep_n1").get("/sales/payments/?method=barter").status_code == 400
    assert page_client("acme", "rep_n1").get("/sales/payments/?cursor=bad").status_code == 400
    gone = page_client("acme", "manager_north").post(f"/sales/payments/{cash}/delete",
                                                     data={"next": "/sales/payments/?method=cash"})
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/sales/payments/?method=cash")
    assert api_client("acme", "rep_n1").get(f"/api/v1/sales/payments/{cash}").status_code == 404
