"""Industry, source, mobile, WeChat ID and website: through the API, the form, the file page, imports and exports."""
import csv
import io

import pytest

from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer

STANDARD = {"industry": "instruments", "source": "exhibition", "mobile": "139 0013 9000",
            "wechat": "wx_hz_2024", "website": "https://yiqi.example.cn"}


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Imports and exports here run on the test Redis."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def test_the_api_stores_and_returns_every_standard_field(world, api_client):
    rep = api_client("acme", "rep_n1")
    created = rep.post("/api/v1/customers", json={"name": "杭州仪器", **STANDARD})
    assert created.status_code == 201, created.get_json()
    item = rep.get(f"/api/v1/customers/{created.get_json()['id']}").get_json()
    assert {key: item[key] for key in STANDARD} == STANDARD
    changed = rep.patch(f"/api/v1/customers/{item['id']}", json={"website": "www.hz-yiqi.cn", "source": None})
    assert (changed.get_json()["website"], changed.get_json()["source"]) == ("https://www.hz-yiqi.cn", None)


@pytest.mark.parametrize("field, value", [("industry", "mining-ish"), ("source", "rumour"),
                                          ("website", "not a site"), ("mobile", "1" * 51), ("wechat", "w" * 51)])
def test_bad_standard_fields_are_field_errors(world, api_client, field, value):
    response = api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "X", field: value})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_the_list_filters_by_industry_and_source_and_searches_the_mobile(world, api_client):
    rep = api_client("acme", "rep_n1")
    rep.post("/api/v1/customers", json={"name": "杭州仪器", **STANDARD})
    for query in ("industry=instruments", "source=exhibition", "q=0013 9000"):
        names = [item["name"] for item in rep.get(f"/api/v1/customers?{query}").get_json()["items"]]
        assert names == ["杭州仪器"], query
    assert rep.get("/api/v1/customers?industry=retail").get_json()["items"] == []


def test_the_list_page_filters_by_industry_and_source(world, api_client, page_client):
    api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "杭州仪器", **STANDARD})
    client = page_client("acme", "rep_n1")
    page = client.get("/customers/?industry=instruments&source=exhibition").get_data(as_text=True)
    assert "杭州仪器" in page and "Alpha Trading" not in page
    assert '<option value="instruments" selected>' in page
    assert "杭州仪器" not in client.get("/customers/?source=referral").get_data(as_text=True)


def test_the_form_saves_and_the_file_page_shows_them(world, page_client, tenant_session):
    client = page_client("acme", "rep_n1")
    form = client.get("/customers/new").get_data(as_text=True)
    for name in ("industry", "source", "mobile", "wechat", "website"):
        assert f'name="{name}"' in form
    response = client.post("/customers/new", data={"name": "表单客户", "kind": "company", "status": "following",
                                                   "level": "potential", **STANDARD, "website": "yiqi.example.cn"})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        customer = session.query(Customer).filter_by(name="表单客户").one()
        assert (customer.industry, customer.website) == ("instruments", "https://yiqi.example.cn")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for text in ("Instruments", "Trade fair", "139 0013 9000", "wx_hz_2024", 'href="https://yiqi.example.cn"'):
        assert text in page
    bad = client.post("/customers/new", data={"name": "坏", "kind": "company", "status": "following",
                                              "level": "potential", "industry": "nonsense"})
    assert bad.status_code == 422 and 'aria-describedby="industry-error"' in bad.get_data(as_text=True)


def test_an_import_reads_chinese_headers_and_words(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    data = "客户名称,行业,来源,手机,微信,网站\n东方仪器,仪器仪表,展会,13900139000,wx_df,www.df.example.cn\n" \
           "西方贸易,Wholesale and distribution,Cold call,,,\n坏行业,采矿,,,,\n"
    upload = rep.post("/api/v1/imports", data={"file": (io.BytesIO(data.encode()), "c.csv")},
                      content_type="multipart/form-data")
    assert upload.status_code == 202, upload.get_json()
    run_worker(app, redis_db)
    job = rep.get(f"/api/v1/jobs/{upload.get_json()['id']}").get_json()
    assert (job["result"]["created"], job["result"]["failed"]) == (2, 1)
    items = {item["name"]: item for item in rep.get("/api/v1/customers?limit=100").get_json()["items"]}
    east = items["东方仪器"]
    assert (east["industry"], east["source"], east["mobile"], east["wechat"], east["website"]) == (
        "instruments", "exhibition", "13900139000", "wx_df", "https://www.df.example.cn")
    assert (items["西方贸易"]["industry"], items["西方贸易"]["source"]) == ("wholesale", "cold_call")


def test_the_export_has_every_standard_field(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    rep.post("/api/v1/customers", json={"name": "导出客户", **STANDARD})
    job = rep.post("/api/v1/exports", json={"q": "导出客户"}).get_json()
    run_worker(app, redis_db)
    body = rep.get(f"/api/v1/exports/{job['id']}/download").get_data().decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body, newline="")))
    assert {key: row[key] for key in STANDARD} == STANDARD


def test_an_import_reads_divisions_by_name_and_derives_the_region(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    data = ("客户名称,省份,城市,区县,地区\n"
            "海淀客户,北京,北京市,海淀区,\n"        # Beijing is in the world's North region
            "杭州客户,浙江省,杭州,西湖区,South\n"   # Zhejiang is in no region: the given one stands
            "错城市,浙江,南京市,,\n"               # Nanjing is not in Zhejiang
            "无省份,,杭州市,,\n"                   # a city needs its province
            "错地区,浙江,,,Mars\n")                # not one of the workspace's regions
    upload = rep.post("/api/v1/imports", data={"file": (io.BytesIO(data.encode()), "c.csv")},
                      content_type="multipart/form-data")
    run_worker(app, redis_db)
    job = rep.get(f"/api/v1/jobs/{upload.get_json()['id']}").get_json()
    assert (job["result"]["created"], job["result"]["failed"]) == (2, 3)
    items = {item["name"]: item for item in rep.get("/api/v1/customers?limit=100").get_json()["items"]}
    assert (items["海淀客户"]["district_code"], items["海淀客户"]["region"]) == ("110108", "North")
    assert (items["杭州客户"]["city"], items["杭州客户"]["region"]) == ("杭州市", "South")
    body = rep.get(f"/api/v1/imports/{job['params']['batch_id']}/errors").get_data().decode("utf-8-sig")
    reasons = {row["客户名称"]: row["Reason"] for row in csv.DictReader(io.StringIO(body, newline=""))}
    assert "南京市" in reasons["错城市"] and "杭州市" in reasons["无省份"] and "region" in reasons["错地区"]
