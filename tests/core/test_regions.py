"""Divisions, the customer's place in them, and the workspace's sales regions (API, pages, filters, tenancy)."""
import pytest

from crm_platform.models import AuditEntry, Tenant
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import DEFAULT_REGIONS, parse_regions_text
from crm_platform.tenancy import unscoped

HANGZHOU = {"province_code": "330000", "city_code": "330100", "district_code": "330106"}


def _names(response):
    return {item["name"] for item in response.get_json()["items"]}


def test_the_division_tree_has_every_level_as_six_digit_codes():
    assert len(divisions.children()) == 33  # 31 mainland provinces, Hong Kong and Macao
    assert ("330100", "杭州市") in divisions.children("330000")
    assert ("330106", "西湖区") in divisions.children("330100")
    # Municipalities get their single city (GB/T 2260's 110100), county-level cities stand alone.
    assert divisions.children("110000") == [("110100", "北京市")] and ("110101", "东城区") in divisions.children("110100")
    assert (divisions.level("419001"), divisions.parent("419001")) == ("city", "410000")
    assert divisions.find("浙江") == "330000" and divisions.find("广") is None and divisions.find("杭州", "330000") == "330100"


@pytest.mark.parametrize("codes, problems", [
    (("330000", "330100", "330106"), {}),
    (("330000", None, None), {}),
    (("330000", "320100", None), {"city_code": "outside"}),
    (("330000", "330100", "110101"), {"district_code": "outside"}),
    ((None, "330100", None), {"city_code": "outside"}),
    (("330100", None, None), {"province_code": "unknown"}),
    (("999999", None, None), {"province_code": "unknown"}),
])
def test_a_location_must_hold_together(codes, problems):
    assert divisions.location_problems(*codes) == problems


def test_the_divisions_api_lists_children_for_signed_in_users_only(world, api_client, client):
    rep = api_client("acme", "rep_n1")
    provinces = rep.get("/api/v1/divisions")
    assert provinces.status_code == 200 and {"code": "330000", "name": "浙江省"} in provinces.get_json()["items"]
    assert "max-age=86400" in provinces.headers["Cache-Control"]
    assert "西湖区" in _names(rep.get("/api/v1/divisions?parent=330100"))
    assert rep.get("/api/v1/divisions?parent=999999").get_json()["items"] == []
    assert rep.get("/api/v1/divisions?parent=abc").status_code == 422
    assert client.get("/api/v1/divisions").status_code == 401


def test_a_customer_gets_its_region_from_its_province(world, api_client, page_client):
    rep = api_client("acme", "rep_n1")
    created = rep.post("/api/v1/customers", json={"name": "北京客户", "province_code": "110000",
                                                  "city_code": "110100", "district_code": "110108",
                                                  "region": "South"}).get_json()
    # The province decides: Beijing is in the world's North region.
    assert (created["region"], created["province"], created["city"], created["district"]) == (
        "North", "北京市", "北京市", "海淀区")
    page = page_client("acme", "rep_n1").get(f"/customers/{created['id']}").get_data(as_text=True)
    assert "<td>北京市 海淀区</td>" in page  # the municipality's city is not named twice
    unknown = rep.post("/api/v1/customers", json={"name": "天津客户", "province_code": "120000", "region": "Mars"})
    assert unknown.status_code == 201 and unknown.get_json()["region"] == "North"
    moved = rep.patch(f"/api/v1/customers/{created['id']}", json={"province_code": "440000"}).get_json()
    # A new province clears the old city and district.
    assert (moved["region"], moved["city_code"], moved["district_code"]) == ("South", None, None)


def test_without_a_grouped_province_the_region_is_chosen_from_the_list(world, api_client):
    rep = api_client("acme", "rep_n1")
    chosen = rep.post("/api/v1/customers", json={"name": "浙江客户", **HANGZHOU, "region": "South"})
    assert chosen.status_code == 201 and chosen.get_json()["region"] == "South"  # Zhejiang is in no world region
    refused = rep.post("/api/v1/customers", json={"name": "Free text", "region": "Mars"})
    assert refused.status_code == 422 and "North, South" in refused.get_json()["error"]["fields"]["region"][0]


@pytest.mark.parametrize("body, field", [
    ({"province_code": "330000", "city_code": "320100"}, "city_code"),
    ({"province_code": "330000", "city_code": "330100", "district_code": "110101"}, "district_code"),
    ({"city_code": "330100"}, "city_code"),
    ({"province_code": "123456"}, "province_code"),
    ({"province_code": "33"}, "province_code"),
])
def test_divisions_that_do_not_fit_are_field_errors(world, api_client, body, field):
    response = api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "X", **body})
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_the_region_filter_never_widens_what_a_user_sees(world, api_client, page_client):
    acme = world.acme
    for user, expected in (("rep_n1", {"Alpha Trading", "Beta Foods"}),
                           ("rep_s1", set()), ("admin", {"Alpha Trading", "Beta Foods", "Gamma Tools", "Zeta Energy"})):
        assert _names(api_client("acme", user).get("/api/v1/customers?region=North&limit=100")) == expected, user
    page = page_client("acme", "rep_n1").get("/customers/?region=North").get_data(as_text=True)
    assert "Alpha Trading" in page and "Gamma Tools" not in page and "Delta Shipping" not in page
    assert '<option value="North" selected>' in page
    assert _names(api_client("acme", "rep_n1").get("/api/v1/customers?region=South")) == {"Epsilon Media"}
    assert acme.customers["s1_shared"].owner == "rep_s1"  # seen through a share, still filtered by region


def test_the_form_offers_the_regions_and_the_picker_and_validates(world, page_client):
    client = page_client("acme", "rep_n1")
    form = client.get("/customers/new").get_data(as_text=True)
    assert '<option value="North">North</option>' in form and "data-division-picker" in form
    assert '<option value="330000">浙江省</option>' in form and "divisions.js" in form
    base = {"name": "Form", "kind": "company", "status": "following", "level": "potential"}
    bad = client.post("/customers/new", data={**base, "province_code": "330000", "city_code": "320100"})
    assert bad.status_code == 422 and 'aria-describedby="city_code-error"' in bad.get_data(as_text=True)
    # Without JavaScript the re-shown form lists the chosen province's cities.
    assert '<option value="330100">杭州市</option>' in bad.get_data(as_text=True)
    good = client.post("/customers/new", data={**base, **HANGZHOU, "region": "South"})
    assert good.status_code == 302
    page = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "浙江省 杭州市 西湖区" in page
    edit = client.get(good.headers["Location"] + "/edit").get_data(as_text=True)
    assert '<option value="330106" selected>西湖区</option>' in edit


def test_the_divisions_script_is_served_from_the_package(world, page_client):
    response = page_client("acme", "rep_n1").get("/static/divisions.js")
    assert response.status_code == 200 and b"data-division-picker" in response.data


def test_admins_change_the_sales_regions_through_the_api(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    regions = admin.get("/api/v1/workspace/sales-regions").get_json()["sales_regions"]
    assert [region["name"] for region in regions] == ["North", "South"]
    new = regions + [{"name": "East", "provinces": ["330000", "320000"]}]
    assert admin.put("/api/v1/workspace/sales-regions", json={"sales_regions": new}).status_code == 200
    created = admin.post("/api/v1/customers", json={"name": "杭州", "province_code": "330000"}).get_json()
    assert created["region"] == "East"
    with tenant_session("acme") as session:
        assert session.query(AuditEntry).filter_by(entity="workspace").count() == 1
    assert api_client("acme", "rep_n1").put("/api/v1/workspace/sales-regions",
                                            json={"sales_regions": new}).status_code == 403


@pytest.mark.parametrize("regions, message", [
    ([{"name": "A", "provinces": ["330000"]}, {"name": "B", "provinces": ["330000"]}], "both"),
    ([{"name": "A", "provinces": []}, {"name": "A", "provinces": []}], "twice"),
    ([{"name": "A", "provinces": ["330100"]}], "not a province"),
    ([{"name": "South", "provinces": []}], "North"),  # North still has customers
])
def test_bad_region_lists_are_refused(world, api_client, regions, message):
    response = api_client("acme", "admin").put("/api/v1/workspace/sales-regions", json={"sales_regions": regions})
    assert response.status_code == 422
    assert message in response.get_json()["error"]["fields"]["sales_regions"][0]


def test_the_sales_regions_page_reads_and_writes_lines(world, page_client, api_client):
    client = page_client("acme", "admin")
    page = client.get("/admin/workspace/regions/").get_data(as_text=True)
    assert "North: 北京市, 天津市, 河北省" in page
    text = "North: 北京, 天津, 河北\nSouth：广东、广西、海南\n华东: 上海, 江苏, 浙江"
    assert client.post("/admin/workspace/regions/", data={"sales_regions": text}).status_code == 302
    regions = api_client("acme", "admin").get("/api/v1/workspace/sales-regions").get_json()["sales_regions"]
    assert regions[2] == {"name": "华东", "provinces": ["310000", "320000", "330000"]}
    bad = client.post("/admin/workspace/regions/", data={"sales_regions": text + "\n西部: 火星"})
    assert bad.status_code == 422 and "火星" in bad.get_data(as_text=True)
    assert page_client("acme", "rep_n1").get("/admin/workspace/regions/").status_code == 403


def test_regions_are_per_workspace(world, api_client, app):
    acme_admin, globex_admin = api_client("acme", "admin"), api_client("globex", "admin")
    acme_admin.put("/api/v1/workspace/sales-regions", json={"sales_regions": [
        {"name": "North", "provinces": []}, {"name": "South", "provinces": []}, {"name": "Acme only", "provinces": []}]})
    globex = globex_admin.get("/api/v1/workspace/sales-regions").get_json()["sales_regions"]
    assert "Acme only" not in {region["name"] for region in globex}
    refused = globex_admin.post("/api/v1/customers", json={"name": "X", "region": "Acme only"})
    assert refused.status_code == 422
    # Another workspace's customers never show under a region filter.
    foreign = {c.id for c in world.globex.customers.values()}
    listed = {item["id"] for item in acme_admin.get("/api/v1/customers?region=North&limit=100").get_json()["items"]}
    assert listed and not listed & foreign


def test_defaults_group_every_province_once():
    provinces = [code for region in DEFAULT_REGIONS for code in region["provinces"]]
    assert sorted(provinces) == sorted(divisions.province_codes()) and len(set(provinces)) == len(provinces)
    assert parse_regions_text("华东: 上海, 江苏")[0] == {"name": "华东", "provinces": ["310000", "320000"]}


def test_a_new_workspace_has_the_default_regions(world, api_client, app):
    from crm_platform.extensions import db

    with app.app_context(), unscoped("test: a tenant without its own regions"):
        tenant = db.session.get(Tenant, world.globex.id)
        tenant.settings = {}
        db.session.commit()
    regions = api_client("globex", "admin").get("/api/v1/workspace/sales-regions").get_json()["sales_regions"]
    assert [region["name"] for region in regions] == ["华东", "华南", "华北", "华中", "西南", "西北", "东北"]


def test_the_migration_turns_free_text_regions_into_sales_regions(tmp_path):
    import json

    import flask_migrate
    from sqlalchemy import text

    from crm_platform import create_app
    from crm_platform.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"},
                     instance_path=str(tmp_path / "instance"))
    with app.app_context(), unscoped("test: rows as an older release left them"):
        flask_migrate.upgrade(revision="core_0010")
        db.session.execute(text("INSERT INTO tenants (id, name, slug, settings, created_at) VALUES "
                                "(1, 'Old', 'old', '{\"timezone\": \"Asia/Shanghai\"}', CURRENT_TIMESTAMP), "
                                "(2, 'Plain', 'plain', '{}', CURRENT_TIMESTAMP)"))
        for tenant_id, region in ((1, "East China"), (1, " north "), (1, "West China"), (1, "  "), (1, None),
                                  (2, "华东地区"), (2, "华东")):
            db.session.execute(text(
                "INSERT INTO customers (tenant_id, name, kind, status, level, region, created_at, updated_at) "
                "VALUES (:t, 'c', 'company', 'following', 'potential', :r, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"t": tenant_id, "r": region})
        db.session.commit()
        flask_migrate.upgrade(revision="heads")
        regions = db.session.execute(text("SELECT tenant_id, region FROM customers ORDER BY id")).all()
        settings = dict(db.session.execute(text("SELECT id, settings FROM tenants")).all())
        db.session.remove()
        db.engine.dispose()
    assert [region for _tenant, region in regions] == ["华东", "华北", "West China", None, None, "华东", "华东"]
    old = json.loads(settings[1])
    assert old["timezone"] == "Asia/Shanghai"
    assert [r["name"] for r in old["sales_regions"]] == [r["name"] for r in DEFAULT_REGIONS] + ["West China"]
    assert old["sales_regions"][-1]["provinces"] == []
    assert "sales_regions" not in json.loads(settings[2])  # only known names: the defaults stay implicit


def test_renaming_a_region_takes_its_customers_and_merging_its_provinces(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    renamed = admin.post("/api/v1/workspace/sales-regions/rename", json={"from": "North", "to": "华北"})
    assert renamed.status_code == 200 and renamed.get_json()["customers_moved"] == 4
    assert [r["name"] for r in renamed.get_json()["sales_regions"]] == ["华北", "South"]
    assert _names(admin.get("/api/v1/customers?region=华北&limit=100")) == {
        "Alpha Trading", "Beta Foods", "Gamma Tools", "Zeta Energy"}
    merged = admin.post("/api/v1/workspace/sales-regions/rename", json={"from": "South", "to": "华北"}).get_json()
    assert merged["sales_regions"] == [{"name": "华北", "provinces": ["110000", "120000", "130000",
                                                                      "440000", "450000", "460000"]}]
    assert merged["customers_moved"] == 2
    # Another workspace's customers of the same region name stay where they are.
    assert _names(api_client("globex", "admin").get("/api/v1/customers?region=North")) == {
        "Alpha Trading", "Beta Foods", "Gamma Tools", "Zeta Energy"}
    with tenant_session("acme") as session:
        entry = session.query(AuditEntry).filter_by(entity="workspace").order_by(AuditEntry.created_at.desc()).first()
        assert entry.changes["customers_moved"] == ["South", "华北", 2]
    assert admin.post("/api/v1/workspace/sales-regions/rename", json={"from": "Mars", "to": "X"}).status_code == 422
    assert api_client("acme", "manager_north").post("/api/v1/workspace/sales-regions/rename",
                                                    json={"from": "华北", "to": "X"}).status_code == 403


def test_the_sales_regions_page_renames(world, page_client):
    client = page_client("acme", "admin")
    response = client.post("/admin/workspace/regions/rename", data={"from": "South", "to": "华南"})
    assert response.status_code == 302
    page = client.get("/admin/workspace/regions/").get_data(as_text=True)
    assert "华南: 广东省" in page and "2 customers moved" in page
    bad = client.post("/admin/workspace/regions/rename", data={"from": "华南", "to": " "})
    assert bad.status_code == 422 and 'aria-describedby="to-error"' in bad.get_data(as_text=True)
