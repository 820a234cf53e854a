"""The competitors and to-dos pages in a zh_CN workspace show no English text from any catalogue."""
import i18n_support
from sales_comptodos_support import close_deal, make_competitor, make_deal


def test_the_pages_of_both_features_are_in_chinese(sales, app, api_client, page_client, tenant_session):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    deal = make_deal(sales, tenant_session)
    competitor = make_competitor(tenant_session, name="金蝶", bids=[deal])
    lost = make_deal(sales, tenant_session, name="二期")
    close_deal(tenant_session, "acme", lost, "lost", winner_id=competitor)
    customer = sales.acme.customers["n1_alpha"].id
    todo = api_client("acme", "rep_n1").post("/api/v1/sales/todos", json={
        "title": "回访", "due_date": "2020-01-01", "opportunity_id": deal}).json["id"]
    phrases, data = i18n_support.english_phrases(), i18n_support.user_data(app)
    client = page_client("acme", "manager_north")
    problems = {}
    for url in ("/sales/competitors/", "/sales/competitors/new", f"/sales/competitors/{competitor}",
                f"/sales/competitors/{competitor}/edit", "/sales/competitors/record",
                f"/sales/competitors/opportunities/{deal}", f"/sales/competitors/opportunities/{lost}",
                "/sales/todos/?status=done", "/sales/todos/new", f"/sales/todos/{todo}", f"/sales/todos/{todo}/edit",
                f"/customers/{customer}"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert url.startswith("/customers/") or 'aria-label="breadcrumb"' not in page.get_data(as_text=True), url
        found = i18n_support.english_in(i18n_support.visible_text(page.get_data(as_text=True), data), phrases)
        if found:
            problems[url] = found
    rep = page_client("acme", "rep_n1")
    for url in ("/sales/todos/", "/today/"):
        text = i18n_support.visible_text(rep.get(url).get_data(as_text=True), data)
        assert "逾期" in text, url
        problems.update({url: found for found in [i18n_support.english_in(text, phrases)] if found})
    assert not problems, f"English text on zh_CN pages: {problems}"
