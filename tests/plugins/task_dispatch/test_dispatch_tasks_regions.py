"""A sales region's name may be 100 characters long: tasks and profiles hold any of them."""
from sqlalchemy import select

from crm_platform.sdk import Customer, Tenant

from plugins.task_dispatch.models import Task

LONG = "长三角及周边地区重点客户服务区域" * 4 + "华东一"  # 67 characters: a region name the core accepts (100 at most)


def test_a_long_sales_region_names_tasks_and_profiles(dispatch, tenant_session, api_client):
    alpha = dispatch.acme.customers["n1_alpha"].id
    with tenant_session("acme") as session:
        tenant = session.scalar(select(Tenant).where(Tenant.slug == "acme"))
        tenant.settings = {**(tenant.settings or {}), "sales_regions": [{"name": LONG, "provinces": []}]}
        session.get(Customer, alpha).region = LONG
        session.commit()
    api = api_client("acme", "admin")
    made = api.post("/api/v1/dispatch/tasks", json={"title": "Service visit", "customer_id": alpha})
    assert made.status_code == 201 and made.get_json()["region"] == LONG  # the customer's region
    named = api.post("/api/v1/dispatch/tasks", json={"title": "Another visit", "region": LONG})
    assert named.status_code == 201
    listed = api.get("/api/v1/dispatch/tasks", query_string={"region": LONG}).get_json()["items"]
    assert {item["id"] for item in listed} == {made.get_json()["id"], named.get_json()["id"]}
    profile = api.post("/api/v1/dispatch/profiles", json={"user_id": dispatch.acme.users["rep_n1"].id,
                                                          "home_region": LONG})
    assert profile.status_code == 201 and profile.get_json()["home_region"] == LONG
    with tenant_session("acme") as session:
        assert session.scalar(select(Task.region).where(Task.id == made.get_json()["id"])) == LONG
