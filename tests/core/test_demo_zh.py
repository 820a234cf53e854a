"""`crm demo --locale zh_CN`: a Chinese workspace with real divisions, valid phones, regions, industries and sources."""
import re

import pytest
from stdnum.cn import uscc
from sqlalchemy import select

from crm_platform.customers.standard_fields import INDUSTRIES, SOURCES
from crm_platform.extensions import db
from crm_platform.models import Activity, Contact, Customer, OrgUnit, Tenant, User
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import region_names, region_of_province
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo, system_locale

CJK = re.compile(r"[\u4e00-\u9fff]")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-[2-8]\d{7}$")


def _demo_rows(app, locale):
    """Create a 60-customer demo in `locale`; returns (tenant, customers, users, units, contacts, activities)."""
    with app.app_context():
        create_demo(customers=60, echo=lambda line: None, locale=locale)
        with unscoped("test reads the demo tenant"):
            tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "demo"))
        with tenant_scope(tenant.id):
            rows = [db.session.scalars(select(model)).all() for model in (Customer, User, OrgUnit, Contact, Activity)]
            names = region_names(tenant)
            regions = {c.id: region_of_province(tenant, c.province_code) for c in rows[0]}
        db.session.expunge_all()
    return tenant, names, regions, *rows


def test_the_chinese_demo_is_chinese_throughout(app):
    tenant, names, regions, customers, users, units, contacts, activities = _demo_rows(app, "zh_CN")
    assert tenant.name == "演示贸易有限公司" and tenant.settings["timezone"] == "Asia/Shanghai"
    assert names == ["华东", "华南", "华北", "华中", "西南", "西北", "东北"]
    assert all(CJK.search(text) for text in [u.name for u in users] + [u.name for u in units])
    assert len(customers) == 60 and all(CJK.search(c.name) for c in customers)
    assert all(CJK.search(c.address) for c in customers)
    assert all(CJK.search(a.subject) for a in activities) and all(CJK.search(c.title) for c in contacts)


def test_the_chinese_demo_has_valid_phones_divisions_regions_and_choices(app):
    _tenant, _names, regions, customers, *_rest, contacts, _activities = _demo_rows(app, "zh_CN")
    for customer in customers:
        assert MOBILE.match(customer.mobile), customer.mobile
        assert customer.phone is None or LANDLINE.match(customer.phone), customer.phone
        assert customer.province_code and customer.city_code
        assert divisions.location_problems(customer.province_code, customer.city_code, customer.district_code) == {}
        assert customer.region == regions[customer.id] is not None
        assert customer.source in SOURCES and (customer.industry in INDUSTRIES or customer.kind == "person")
    assert any(c.phone for c in customers) and any(c.district_code for c in customers)
    assert any(c.wechat for c in customers) and any(c.website for c in customers)
    assert all(MOBILE.match(contact.phone) for contact in contacts)
    # Companies carry a credit code with correct check digits, unique in the workspace; people none.
    companies = [c for c in customers if c.kind == "company"]
    assert companies and all(uscc.is_valid(c.credit_code) for c in companies)
    assert len({c.credit_code for c in companies}) == len(companies)
    assert all(c.credit_code is None for c in customers if c.kind == "person")


def test_the_english_demo_names_the_same_regions_in_english(app):
    _tenant, names, regions, customers, *_rest = _demo_rows(app, "en")
    assert "East China" in names and {c.region for c in customers} <= set(names)
    assert all(c.region == regions[c.id] for c in customers)


@pytest.mark.parametrize("environ, locale", [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
    ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"), ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
])
def test_the_default_locale_follows_the_system_locale(environ, locale):
    assert system_locale(environ) == locale


def test_crm_demo_takes_the_locale_option_and_the_system_default(app, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = app.test_cli_runner().invoke(args=["demo", "--customers", "20"])
    assert result.exit_code == 0, result.output
    with app.app_context(), unscoped("test reads the demo tenant"):
        assert db.session.scalar(select(Tenant.name).where(Tenant.slug == "demo")) == "演示贸易有限公司"
    result = app.test_cli_runner().invoke(args=["demo", "--customers", "20", "--reset", "--locale", "en"])
    assert result.exit_code == 0, result.output
    with app.app_context(), unscoped("test reads the demo tenant"):
        assert db.session.scalar(select(Tenant.name).where(Tenant.slug == "demo")) == "Demo Trading Co."
    assert app.test_cli_runner().invoke(args=["demo", "--locale", "fr"]).exit_code != 0
