"""Each plugin's strings in its own catalogue's words: the calling code's catalogue wins a clash.

The bundled modules and the example plugin reuse the core's English with other
meanings ("Unit", "Title", "Number", "Finance") and with each other's ("New").
"""
import importlib
import re
import sys

import pytest

from crm_platform import sdk
from crm_platform.i18n.catalogues import translating_for
from i18n_support import compiled_catalogue

ZH = {"Accept-Language": "zh-CN"}
CLASH_PLUGIN = '''"""A plugin whose catalogue says the core's "Customers" its own way."""
import os

from flask import render_template

from crm_platform.sdk import Blueprint, MenuItem, gettext as _, hookimpl, lazy_gettext as _l

pages = Blueprint("i18n_clash", __name__, url_prefix="/i18n-clash",
                  template_folder=os.path.join(os.path.dirname(__file__), "templates"))


@pages.route("/")
def index():
    """Its own message said from Python, and a template saying it too."""
    return render_template("i18n_clash/index.html", said=_("Customers"), core=_("Search"))


@hookimpl
def crm_translations_dir():
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl
def crm_blueprints():
    return [pages]


@hookimpl
def crm_menu_items(user):
    return [MenuItem(_l("Customers"), "i18n_clash.index")]
'''
CLASH_TEMPLATE = ('{% extends "base.html" %}{% block content %}<p id="python">{{ said }}|{{ core }}</p>'
                  '<p id="template">{{ _("Customers") }}|{{ _("Search") }}</p>{% endblock %}')


@pytest.fixture(scope="module")
def clash_plugin(tmp_path_factory):
    """The package `i18n_clash`: its catalogue translates "Customers" as 顾客 and lacks "Search"."""
    root = tmp_path_factory.mktemp("clash")
    package = root / "i18n_clash"
    (package / "templates" / "i18n_clash").mkdir(parents=True)
    (package / "__init__.py").write_text(CLASH_PLUGIN)
    (package / "templates" / "i18n_clash" / "index.html").write_text(CLASH_TEMPLATE)
    compiled_catalogue(package / "translations", {"Customers": "顾客"})
    sys.path.insert(0, str(root))
    yield importlib.import_module("i18n_clash")
    sys.path.remove(str(root))
    sys.modules.pop("i18n_clash", None)


@pytest.fixture
def app_config(app_config, clash_plugin):
    """Every app of these tests has the clashing plugin installed too (off until a test enables it)."""
    return {**app_config, "CRM_PLUGINS": {"i18n_clash": clash_plugin}}


@pytest.fixture
def chinese(world, api_client, enable_plugin):
    """Both bundled modules and the example plugin on in acme, whose language is zh_CN."""
    for name in ("sales_automation", "service_support", "crm_feedback"):
        enable_plugin("acme", name)
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    return world


def page(client, url):
    """The page at `url` (which must answer 200) as text."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def headers(html, table_id):
    """The column headers of the table `table_id` on a page."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</thead>', html, flags=re.S).group(0)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)]


def test_the_active_catalogue_is_merged_last_after_the_core(app, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    compiled_catalogue(first, {"Plugin word": "甲", "Unit": "单位"})
    compiled_catalogue(second, {"Plugin word": "乙"})
    app.extensions["babel"].translation_directories[:0] = [str(first), str(second)]
    with app.test_request_context(headers=ZH):
        from flask_babel import gettext

        assert (gettext("Unit"), gettext("Plugin word")) == ("组织单元", "乙")  # the core wins; else the later plugin
        with translating_for(str(first)):
            assert (gettext("Unit"), gettext("Plugin word"), gettext("Customers")) == ("单位", "甲", "客户")
            with translating_for(str(second)):
                assert (gettext("Unit"), gettext("Plugin word")) == ("组织单元", "乙")
            assert gettext("Plugin word") == "甲"
        with translating_for(str(tmp_path / "not-a-catalogue-of-this-app")):
            assert (gettext("Unit"), gettext("Plugin word")) == ("组织单元", "乙")


def test_a_plugins_python_and_templates_use_its_catalogue_then_the_cores(chinese, app, enable_plugin, page_client):
    enable_plugin("acme", "i18n_clash")
    client = page_client("acme", "admin")
    html = page(client, "/i18n-clash/")
    assert '<p id="python">顾客|搜索</p>' in html and '<p id="template">顾客|搜索</p>' in html
    # base.html around the plugin's blocks is the core's: its own menu entry says 客户, the plugin's lazy one 顾客.
    assert re.search(r'<a[^>]*href="/customers/"[^>]*>\s*客户\s*</a>', html), "the core's menu entry"
    assert re.search(r'<a[^>]*href="/i18n-clash/"[^>]*>\s*顾客\s*</a>', html), "the plugin's menu entry"
    with app.test_request_context(headers=ZH):
        assert sdk.gettext("Customers") == "客户"  # code outside any plugin: the core's


def test_the_sales_finance_role_and_quote_lines_say_sales_words(chinese, app, api_client, page_client, tenant_session):
    from crm_platform.models import User

    with tenant_session("acme") as session:
        session.get(User, chinese.acme.users["rep_n2"].id).role = "finance"
        session.commit()
    users = page(page_client("acme", "admin"), "/org/users")
    assert "<td>财务</td>" in users and "金融" not in users
    quote = api_client("acme", "rep_n1").post("/api/v1/sales/quotes", json={
        "customer_id": chinese.acme.customers["n1_alpha"].id, "title": "Offer",
        "lines": [{"description": "Licence", "quantity": "2", "unit": "pcs", "unit_price": "500", "tax_rate": "13"}]})
    assert quote.status_code == 201, quote.json
    html = page(page_client("acme", "rep_n1"), f"/sales/quotes/{quote.json['id']}")
    assert "单位" in headers(html, "quote-lines") and "组织单元" not in html
    assert "<dt>标题</dt>" in html  # a document's title, not a contact's job title
    assert headers(page(page_client("acme", "rep_n1"), "/sales/quotes/"), "quotes")[:2] == ["编号", "标题"]


def test_the_core_pages_keep_the_cores_words(chinese, page_client):
    html = page(page_client("acme", "rep_n1"), f"/customers/{chinese.acme.customers['n1_alpha'].id}")
    assert re.search(r"<label>职务\s*<input[^>]*name=\"title\"", html), "a contact's job title"


def test_two_plugins_with_the_same_msgid_each_say_their_own(chinese, app, api_client, page_client):
    from plugins.sales_automation.leads.service import STATUS_LABELS as LEAD_STATUSES
    from plugins.service_support.tickets.labels import STATUS_LABELS as TICKET_STATUSES

    ticket = api_client("acme", "rep_n1").post("/api/v1/service/tickets", json={
        "customer_id": chinese.acme.customers["n1_alpha"].id, "channel": "phone", "category": "complaint",
        "priority": "high", "subject": "The cold store is warm"})
    assert ticket.status_code == 201, ticket.json
    tickets = page(page_client("acme", "rep_n1"), "/service/tickets/?view=all")
    assert headers(tickets, "tickets")[0] == "编号" and "新建" in tickets and "新线索" not in tickets
    with app.test_request_context(headers=ZH):
        assert (str(LEAD_STATUSES["new"]), str(TICKET_STATUSES["new"])) == ("新线索", "新建")


def test_the_example_plugin_says_its_own_words(chinese, api_client, page_client):
    note = api_client("acme", "rep_n1").post("/api/v1/feedback/notes", json={
        "customer_id": chinese.acme.customers["n1_alpha"].id, "rating": 4, "text": "Happy"})
    assert note.status_code == 201, note.json
    html = page(page_client("acme", "rep_n1"), "/feedback/")
    assert "内容" in re.findall(r"<th[^>]*>(.*?)</th>", html)  # the core says 备注 for "Note"
