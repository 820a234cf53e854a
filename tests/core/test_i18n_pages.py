"""Every page in zh_CN shows no English text from the catalogue.

The pages are read from `app.url_map` (every GET page route, ids from the world),
walked as an admin and as a rep, plus the pages a visitor sees, with the example
plugin and the bundled modules enabled. The visible text (tags stripped, user data
and codes removed) must contain no English message of the core's, the example
plugin's or a module's catalogue: a string that is not wrapped in gettext, or not
translated, shows up here.
"""
import re

import pytest

from i18n_support import english_in, english_phrases, user_data, visible_text

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def page_urls(app, ids):
    """Every GET page route of the app with its parameters filled from `ids`."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.rule.startswith(("/api", "/static")) or rule.endpoint == "index":
            continue
        params = PARAM.findall(rule.rule)
        if all(p in ids and ids[p] is not None for p in params):
            yield PARAM.sub(lambda m: str(ids[m.group(1)]), rule.rule)


@pytest.fixture
def chinese_workspace(world, api_client, enable_plugin):
    """Acme speaks Chinese by default and uses the example plugin and the sales module."""
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    enable_plugin("acme", "crm_feedback")
    enable_plugin("acme", "sales_automation")


@pytest.mark.parametrize("user_key", ["admin", "rep_n1"])
def test_every_page_a_signed_in_user_sees_is_in_chinese(app, world, chinese_workspace, page_client, user_key):
    client = page_client("acme", user_key)
    phrases, data = english_phrases(), user_data(app)
    seen, problems = [], {}
    for url in page_urls(app, world.acme.route_ids("n1_alpha")):
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        seen.append(url)
        page = response.get_data(as_text=True)
        assert '<html lang="zh-CN">' in page, url
        found = english_in(visible_text(page, data), phrases)
        if found:
            problems[url] = found
    assert len(seen) >= (15 if user_key == "admin" else 8), seen
    assert "/feedback/" in seen  # the example plugin's pages are walked too
    assert not problems, f"English text on zh_CN pages: {problems}"


def test_the_pages_a_visitor_sees_are_in_chinese(app, world, client):
    phrases, data = english_phrases(), user_data(app)
    for url in ("/login", "/signup", "/forgot-password", "/reset/not-a-token", "/invite/not-a-token", "/nowhere"):
        response = client.get(url, headers=ZH)
        text = visible_text(response.get_data(as_text=True), data)
        assert re.search(r"[\u4e00-\u9fff]", text), url
        assert not english_in(text, phrases), (url, english_in(text, phrases))


def test_the_sign_in_redirect_and_refusals_are_in_chinese(app, world, client):
    """Flask-Login's "please log in" flash and a Werkzeug 405 come from libraries; they are translated too."""
    phrases, data = english_phrases(), user_data(app)
    for response in (client.get("/customers/", headers=ZH, follow_redirects=True),
                     client.put("/login", headers=ZH)):
        text = visible_text(response.get_data(as_text=True), data)
        assert not english_in(text, phrases), english_in(text, phrases)
    assert "请先登录再访问此页面。" in client.get("/customers/", headers=ZH, follow_redirects=True).get_data(as_text=True)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_csrf_refusal_is_in_chinese(client):
    response = client.post("/login", headers=ZH, data={"workspace": "acme"})
    assert response.status_code == 400
    assert "缺少 CSRF 令牌" in response.get_data(as_text=True)


def test_form_errors_are_in_chinese(app, world, chinese_workspace, page_client):
    client = page_client("acme", "rep_n1")
    phrases, data = english_phrases(), user_data(app)
    response = client.post("/customers/new", data={"name": "", "kind": "company", "email": "not-an-email"})
    assert response.status_code == 422
    text = visible_text(response.get_data(as_text=True), data)
    assert "请更正下面标出的字段" in text and "不是有效的邮箱地址" in text
    assert not english_in(text, phrases)
    signup = client.application.test_client().post("/signup", headers=ZH, data={"slug": "Bad Slug!"})
    text = visible_text(signup.get_data(as_text=True), data)
    assert "此字段为必填项" in text and not english_in(text, phrases)
