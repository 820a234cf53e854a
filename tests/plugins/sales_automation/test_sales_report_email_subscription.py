"""Opting out of the monthly report and back in, on the page and through the API; who the report is meant for."""
from sqlalchemy import select

from plugins.sales_automation.models import ReportEmailOptOut

URL = "/api/v1/sales/report-email/subscription"


def opted_out(tenant_session, tenant="acme"):
    """The ids of the users of `tenant` who opted out."""
    with tenant_session(tenant) as session:
        return set(session.scalars(select(ReportEmailOptOut.user_id)))


def test_the_report_is_meant_for_managers_with_a_team_and_executives(sales, api_client):
    meant = {key: api_client("acme", key).get(URL).json["recipient"] for key in sales.acme.users}
    assert meant == {"admin": False, "executive": True, "manager_north": True, "manager_south": True,
                     "rep_n1": False, "rep_n2": False, "rep_s1": False}


def test_the_api_opts_out_and_back_in(sales, api_client, tenant_session):
    client = api_client("acme", "manager_north")
    assert client.get(URL).json == {"subscribed": True, "recipient": True, "last_sent_month": None}
    for _ in range(2):  # a repeat changes nothing
        assert client.put(URL, json={"subscribed": False}).json["subscribed"] is False
    assert opted_out(tenant_session) == {sales.acme.users["manager_north"].id}
    assert opted_out(tenant_session, "globex") == set()
    assert client.get(URL).json["subscribed"] is False
    assert client.put(URL, json={"subscribed": True}).json["subscribed"] is True
    assert opted_out(tenant_session) == set()


def test_bad_input_is_a_422_and_strangers_are_refused(sales, api_client, client, tenant_session):
    manager = api_client("acme", "manager_north")
    for body in ({}, {"subscribed": "perhaps"}, {"subscribed": None}, {"subscribed": False, "recipient": False}):
        answer = manager.put(URL, json=body)
        assert answer.status_code == 422 and answer.json["error"]["fields"]
    assert opted_out(tenant_session) == set()
    assert client.get(URL).status_code == 401 and client.put(URL, json={"subscribed": False}).status_code == 401


def test_the_page_toggles_the_subscription(sales, page_client, tenant_session):
    page = page_client("acme", "manager_south")
    text = page.get("/sales/report-email/").get_data(as_text=True)
    assert "You are subscribed." in text and 'name="csrf_token"' in text and ">Unsubscribe<" in text
    answer = page.post("/sales/report-email/", data={"subscribed": "0"}, follow_redirects=True)
    text = answer.get_data(as_text=True)
    assert "You will no longer get the monthly team report by email." in text and "You have unsubscribed." in text
    assert opted_out(tenant_session) == {sales.acme.users["manager_south"].id}
    page.post("/sales/report-email/", data={"subscribed": "1"})
    assert opted_out(tenant_session) == set()
    rep = page_client("acme", "rep_s1").get("/sales/report-email/").get_data(as_text=True)
    assert "It is not sent to you" in rep and ">Unsubscribe<" in rep


def test_the_page_is_in_chinese_for_a_chinese_workspace(sales, api_client, page_client):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    text = page_client("acme", "manager_north").get("/sales/report-email/").get_data(as_text=True)
    assert "月度报表邮件" in text and "退订" in text
