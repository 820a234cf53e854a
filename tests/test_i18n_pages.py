"""Every page in zh_CN shows no English text from the catalogue.

The pages are read from `app.url_map` (every GET page route, ids from the world),
walked as an admin and as a rep, plus the pages a visitor sees. The visible text
(tags stripped, user data and codes removed) must contain no English message of
the core's or the example plugin's catalogue: a string that is not wrapped in
gettext, or not translated, shows up here.
"""
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import JSON, String, select

from crm_platform.extensions import db

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = [REPO / "platform/crm_platform/translations/zh_CN/LC_MESSAGES/messages.po",
              REPO / "examples/crm-feedback/crm_feedback/translations/zh_CN/LC_MESSAGES/messages.po"]
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|\{\w+\}|<[^>]+>")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def english_phrases():
    """The English fragments of every msgid (the text between placeholders), longest first."""
    phrases = set()
    for path in CATALOGUES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                for msgid in (message.id if isinstance(message.id, (list, tuple)) else [message.id]):
                    for fragment in PLACEHOLDER.split(msgid or ""):
                        fragment = fragment.strip(" .,:;()\"'!?-–")
                        # Abbreviations (MB, CSV, API) are the same in Chinese text.
                        if re.search(r"[A-Za-z]{2}", fragment) and not re.fullmatch(r"[A-Z0-9.-]+", fragment):
                            phrases.add(fragment)
    return sorted(phrases, key=len, reverse=True)


def strings_in(value):
    """Every string in a column value, JSON documents included (an import's column headers)."""
    if isinstance(value, str):
        return {value} if value.strip() else set()
    if isinstance(value, dict):
        return set().union(*map(strings_in, value.keys()), *map(strings_in, value.values()))
    if isinstance(value, (list, tuple)):
        return set().union(*map(strings_in, value))
    return set()


def user_data(app):
    """Every string stored in the database (names, emails, subjects ...): data, not interface text."""
    values = set()
    with app.app_context(), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, JSON))]
            if columns:
                for row in conn.execute(select(*columns)):
                    values |= strings_in(list(row))
    return sorted(values, key=len, reverse=True)


def visible_text(page, data):
    """What a reader sees: text nodes and the title, without user data, codes and the language switcher."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<form[^>]*id="language-switcher".*?</form>', " ", page, flags=re.S)
    # Options that are codes (time zone names, currencies), and code samples.
    page = re.sub(r'<option value="([^"]*)"[^>]*>\s*\1\s*</option>', " ", page)
    page = re.sub(r"<(code|pre)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)
    for value in data:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text)


def english_in(text, phrases):
    """The catalogue's English phrases found in `text`."""
    return [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]


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
    """Acme speaks Chinese by default and uses the example plugin."""
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    enable_plugin("acme", "crm_feedback")


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
