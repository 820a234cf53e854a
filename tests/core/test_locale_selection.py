"""Which language a page, an API answer, an email or a CLI command speaks, and the switcher.

Order: the user's preference, then the workspace default, then Accept-Language (an
API call's Accept-Language comes before the workspace default); a visitor's switcher
choice is kept in the session. A signup in Chinese makes a Chinese workspace.
"""
import re

import pytest
from flask import jsonify
from sqlalchemy import select

from crm_platform import create_app, sdk
from crm_platform.extensions import db
from crm_platform.i18n.selection import cli_locale
from crm_platform.models import Tenant, User
from crm_platform.tenancy import tenant_scope, unscoped
from crm_platform.testing import PASSWORD, sign_in
from i18n_support import compiled_catalogue

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
# A BCP 47 tag as <html lang> needs it: language, optional script and region, hyphens.
BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")


def html_lang(response):
    """The lang attribute of the page's <html>."""
    return re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True)).group(1)


def set_workspace_locale(api_client, locale, tenant="acme"):
    """The workspace default language, set by the admin through the API."""
    response = api_client(tenant, "admin").patch("/api/v1/workspace", json={"locale": locale})
    assert response.status_code == 200, response.get_json()


def stored_locale(app, world, user_key):
    """The `locale` column of a world user of acme."""
    with app.app_context(), tenant_scope(world.acme.id):
        return db.session.get(User, world.acme.users[user_key].id).locale


@pytest.mark.parametrize("header, lang, words", [
    (ZH, "zh-CN", "忘记密码"), (EN, "en", "Forgot your password"), ({}, "en", "Forgot your password"),
    ({"Accept-Language": "zh-Hans-CN"}, "zh-CN", "忘记密码"), ({"Accept-Language": "zh"}, "zh-CN", "忘记密码"),
    ({"Accept-Language": "fr-FR, zh;q=0.8"}, "zh-CN", "忘记密码"), ({"Accept-Language": "fr-FR"}, "en", "Forgot"),
])
def test_accept_language_decides_for_visitors_and_html_lang_is_bcp47(client, header, lang, words):
    response = client.get("/login", headers=header)
    assert response.status_code == 200
    assert html_lang(response) == lang and BCP47.match(html_lang(response))
    assert words in response.get_data(as_text=True)


def test_answers_vary_by_accept_language(client):
    assert "Accept-Language" in client.get("/login").headers["Vary"]
    assert "Accept-Language" in client.get("/api/v1/customers").headers["Vary"]


def test_the_workspace_default_beats_the_browser(world, api_client, page_client):
    set_workspace_locale(api_client, "zh_CN")
    rep = page_client("acme", "rep_n1")
    page = rep.get("/customers/", headers=EN)
    assert html_lang(page) == "zh-CN" and "新建客户" in page.get_data(as_text=True)
    # The other workspace keeps following the browser.
    other = page_client("globex", "rep_n1").get("/customers/", headers=EN)
    assert html_lang(other) == "en" and "New customer" in other.get_data(as_text=True)


def test_the_users_preference_beats_the_workspace_default(app, world, api_client, page_client):
    set_workspace_locale(api_client, "zh_CN")
    rep = page_client("acme", "rep_n1")
    saved = rep.post("/account/preferences", data={"locale": "en", "timezone": ""})
    assert saved.status_code == 302
    assert stored_locale(app, world, "rep_n1") == "en"
    page = rep.get("/customers/", headers=ZH)
    assert html_lang(page) == "en" and "New customer" in page.get_data(as_text=True)
    # Back to "the workspace's default".
    rep.post("/account/preferences", data={"locale": "", "timezone": ""})
    assert stored_locale(app, world, "rep_n1") is None
    assert html_lang(rep.get("/customers/", headers=EN)) == "zh-CN"


def test_a_visitors_switcher_choice_is_kept_in_the_session_and_after_signing_in(world, client):
    switched = client.post("/language", data={"locale": "zh_CN", "next": "/login?x=1"}, headers=EN)
    assert switched.status_code == 302 and switched.headers["Location"] == "/login?x=1"
    page = client.get("/login", headers=EN)
    assert html_lang(page) == "zh-CN" and "忘记密码" in page.get_data(as_text=True)
    # The switcher offers the other language, named in that language.
    assert 'value="en"' in page.get_data(as_text=True) and ">English</button>" in page.get_data(as_text=True)
    assert sign_in(client, "acme", world.acme.users["rep_n1"].email, headers=EN).status_code == 302
    assert html_lang(client.get("/customers/", headers=EN)) == "zh-CN"


def test_the_switcher_saves_a_signed_in_users_preference(app, world, page_client, api_client):
    rep = page_client("acme", "rep_n1")
    response = rep.post("/language", data={"locale": "zh_CN", "next": "/customers/"}, headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/customers/"
    assert stored_locale(app, world, "rep_n1") == "zh_CN"
    assert html_lang(rep.get("/customers/", headers=EN)) == "zh-CN"
    # The preference is the account's: the API answers the same user in Chinese too.
    missing = api_client("acme", "rep_n1").get("/api/v1/customers/999999", headers=EN)
    assert missing.status_code == 404 and "找不到" in missing.get_json()["error"]["message"]


def test_the_switcher_goes_back_to_the_page_it_was_on(client):
    back = client.post("/language", data={"locale": "zh_CN"}, headers={"Referer": "http://localhost/signup?a=1"})
    assert back.status_code == 302 and back.headers["Location"] == "/signup?a=1"
    foreign = client.post("/language", data={"locale": "en"}, headers={"Referer": "http://evil.example/x"})
    assert foreign.headers["Location"] == "/"
    assert client.post("/language", data={"locale": "en"}).headers["Location"] == "/"


def test_the_switcher_refuses_unknown_languages_and_foreign_targets(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post("/language", data={"locale": "zh_CN", "next": target})
        assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_switcher_needs_the_csrf_token(client):
    assert client.post("/language", data={"locale": "zh_CN"}).status_code == 400
    page = client.get("/login").get_data(as_text=True)
    assert 'id="language-switcher"' in page and 'name="csrf_token"' in page


def test_the_api_answers_in_the_callers_language(world, api_client):
    rep = api_client("acme", "rep_n1")
    assert rep.get("/api/v1/customers/999999", headers=EN).get_json()["error"]["message"].startswith(
        "The requested URL was not found")
    error = rep.get("/api/v1/customers/999999", headers=ZH).get_json()["error"]
    assert error["message"] == "在服务器上找不到请求的网址。如果您是手动输入的网址，请检查拼写后重试。"
    # marshmallow's and webargs' own texts, and ours.
    invalid = rep.post("/api/v1/customers", json={"kind": "company", "bogus": 1}, headers=ZH)
    assert invalid.status_code == 422
    error = invalid.get_json()["error"]
    assert error["message"] == "输入无效；请查看各字段的提示。"
    assert error["fields"]["name"] == ["此字段为必填项。"] and error["fields"]["bogus"] == ["未知字段。"]
    bad_json = rep.post("/api/v1/customers", data="{", content_type="application/json", headers=ZH)
    assert bad_json.status_code == 400 and bad_json.get_json()["error"]["fields"]["json"] == [
        "请求正文不是有效的 JSON。"]


def test_api_messages_with_values_are_translated_with_their_values(world, api_client):
    admin = api_client("acme", "admin")
    response = admin.patch("/api/v1/workspace", json={"name": "", "care_reminder_days": "x"}, headers=ZH)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields["name"] == ["长度必须在 1 到 200 之间。"]
    assert fields["care_reminder_days"] == ["不是有效的整数。"]


def test_the_api_prefers_the_users_own_language_to_accept_language(app, world, api_client, page_client):
    page_client("acme", "rep_n1").post("/account/preferences", data={"locale": "zh_CN", "timezone": ""})
    error = api_client("acme", "rep_n1").get("/api/v1/customers/999999", headers=EN).get_json()["error"]
    assert "找不到" in error["message"]


def test_an_api_call_with_accept_language_beats_the_workspace_default(world, api_client):
    set_workspace_locale(api_client, "zh_CN")
    rep = api_client("acme", "rep_n1")
    assert "Not Found" not in rep.get("/api/v1/customers/999999").get_json()["error"]["message"]
    assert rep.get("/api/v1/customers/999999", headers=EN).get_json()["error"]["message"].startswith("The requested")


def signup(client, slug, headers):
    """Open a workspace through the API; returns its admin's token."""
    response = client.post("/api/v1/signup", headers=headers, json={
        "company": "杭州示例科技有限公司", "slug": slug, "name": "王芳", "email": f"wang@{slug}.test",
        "password": PASSWORD})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def test_a_signup_in_chinese_makes_a_chinese_workspace(client):
    token = signup(client, "hangzhou", ZH)
    workspace = client.get("/api/v1/workspace", headers={"Authorization": f"Bearer {token}", **EN}).get_json()
    assert workspace["locale"] == "zh_CN" and workspace["timezone"] == "Asia/Shanghai"
    assert workspace["currency"] == "CNY"
    token = signup(client, "boston", EN)
    workspace = client.get("/api/v1/workspace", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert workspace["locale"] is None and workspace["timezone"] == "UTC"


def test_the_signup_page_in_chinese_leads_into_a_chinese_workspace(app, client):
    response = client.post("/signup", headers=ZH, data={
        "company": "成都示例贸易", "slug": "chengdu", "name": "李伟", "email": "li@chengdu.test",
        "password": PASSWORD})
    assert response.status_code == 302
    # Pages follow the workspace's new default even where the browser asks for English.
    page = client.get(response.headers["Location"], headers=EN)
    assert html_lang(page) == "zh-CN" and "欢迎！您的工作区 chengdu 已准备就绪。" in page.get_data(as_text=True)
    with app.app_context(), unscoped("test reads the new workspace"):
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "chengdu"))
        assert tenant.settings == {"locale": "zh_CN", "timezone": "Asia/Shanghai"}


def test_the_workspace_settings_page_sets_the_default_language_and_currency(world, page_client, api_client):
    admin = page_client("acme", "admin")
    page = admin.get("/admin/workspace/", headers=EN).get_data(as_text=True)
    assert 'name="locale"' in page and 'name="currency"' in page
    saved = admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "Asia/Shanghai",
                                                  "care_reminder_days": "7", "locale": "zh_CN",
                                                  "currency": "USD"})
    assert saved.status_code == 302
    workspace = api_client("acme", "rep_n1").get("/api/v1/workspace").get_json()
    assert (workspace["locale"], workspace["currency"]) == ("zh_CN", "USD")
    wrong = admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "Asia/Shanghai",
                                                  "care_reminder_days": "7", "locale": "tlh",
                                                  "currency": "XXXX"})
    assert wrong.status_code == 422
    # Errors are in the admin's language now that the workspace speaks Chinese.
    assert "必须是以下之一" in wrong.get_data(as_text=True)


def test_invitation_emails_speak_the_workspace_language_until_the_user_chooses(app, world, api_client):
    from crm_platform.mail.messages import build_message

    set_workspace_locale(api_client, "zh_CN")
    with app.test_request_context(), tenant_scope(world.acme.id):
        user = db.session.get(User, world.acme.users["rep_n2"].id)
        assert build_message("invite", user).subject == "您受邀加入 Acme"
        user.locale = "en"
        assert build_message("invite", user).subject == "You are invited to Acme"


@pytest.mark.parametrize("environment, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"), ({"LC_ALL": "", "LANG": "zh_TW"}, "zh_CN"), ({}, "en"),
])
def test_the_cli_follows_lang_and_lc_all(monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert cli_locale() == expected


def test_crm_demo_prints_in_the_terminals_language(app, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = app.test_cli_runner().invoke(args=["demo", "--customers", "5"])
    assert result.exit_code == 0, result.output
    assert "正在创建工作区、组织架构和用户……" in result.output
    assert "5 个客户" in result.output and "演示工作区：demo" in result.output


class Translated:
    """A plugin with a zh_CN catalogue of its own and a page that says one of its messages."""

    def __init__(self, folder):
        self.folder = folder

    @sdk.hookimpl
    def crm_translations_dir(self):
        return str(self.folder)

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("hooktranslated", __name__, url_prefix="/hooktranslated")

        @pages.route("/")
        def index():
            """The plugin's message and a core one, as the caller's language has them."""
            return jsonify(own=sdk.gettext("Plugin greeting"), core=sdk.gettext("Customers"))

        return [pages]


def test_hook_crm_translations_dir(tmp_path, world_snapshot):
    folder = tmp_path / "translations"
    # The plugin also translates a core message; code outside its package (this module) gets the core's.
    compiled_catalogue(folder, {"Plugin greeting": "插件的问候", "Customers": "顾客"})
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
                      "CRM_PLUGINS": {"hooktranslated": Translated(folder)}}, instance_path=str(tmp_path / "inst"))
    assert str(folder) in app.extensions["babel"].translation_directories
    with app.test_request_context(headers=ZH):
        assert sdk.gettext("Plugin greeting") == "插件的问候"
        assert sdk.gettext("Customers") == "客户"
    with app.test_request_context(headers=EN):
        assert sdk.gettext("Plugin greeting") == "Plugin greeting"


def says_customers(ctx):
    """A job whose result is a message people read."""
    return {"said": sdk.gettext("Customers")}


class Speaking:
    """A plugin with a job kind that writes a translated message."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return [sdk.JobKind("speaking_hello", says_customers, "Hello", timeout=60, idempotent=True)]


@pytest.mark.app_config(CRM_PLUGINS={"speaking": Speaking()})
def test_a_job_writes_in_its_users_language_else_the_workspaces(app, world, enable_plugin, api_client):
    from crm_platform.jobs.queue import new_job
    from crm_platform.jobs.runner import run_job

    enable_plugin("acme", "speaking")

    def run_as(user_key):
        with app.test_request_context(), tenant_scope(world.acme.id):
            user = db.session.get(User, world.acme.users[user_key].id) if user_key else None
            job = new_job("speaking_hello", user)
            db.session.commit()
            job_id = job.id
        with app.app_context():
            return run_job(job_id, world.acme.id)["said"]

    with app.app_context(), tenant_scope(world.acme.id):
        db.session.get(User, world.acme.users["rep_n1"].id).locale = "zh_CN"
        db.session.commit()
    assert (run_as("rep_n1"), run_as("rep_n2"), run_as(None)) == ("客户", "Customers", "Customers")
    set_workspace_locale(api_client, "zh_CN")
    assert (run_as("rep_n2"), run_as(None)) == ("客户", "客户")
