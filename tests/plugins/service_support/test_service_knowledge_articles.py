"""The knowledge base: search in Chinese and Latin, drafts only for writers, `service.knowledge` writes, pages."""
from sqlalchemy import select

from service_knowledge_kit import make_article

from plugins.service_support.models import Article

URL = "/api/v1/service/articles"


def titles(answer):
    """The titles of a list answer, in order."""
    assert answer.status_code == 200, answer.json
    return [item["title"] for item in answer.json["items"]]


def test_a_manager_writes_and_a_rep_reads(service, api_client):
    manager = api_client("acme", "manager_north")
    made = manager.post(URL, json={"title": "冷库报警复位", "body": "第一步：断电。\n第二步：按住复位键。",
                                   "category": "冷链设备", "keywords": "报警 复位 alarm"})
    assert made.status_code == 201, made.json
    assert made.json["published"] is True and made.json["author_id"] == service.acme.users["manager_north"].id
    assert made.json["url"] == f"/service/knowledge/articles/{made.json['id']}"
    assert made.json["summary"] == "第一步：断电。 第二步：按住复位键。"
    rep = api_client("acme", "rep_n1")
    assert rep.get(f"{URL}/{made.json['id']}").json["body"] == "第一步：断电。\n第二步：按住复位键。"
    assert rep.post(URL, json={"title": "X", "body": "Y"}).status_code == 403
    assert rep.patch(f"{URL}/{made.json['id']}", json={"title": "X"}).status_code == 403
    assert rep.delete(f"{URL}/{made.json['id']}").status_code == 403
    changed = manager.patch(f"{URL}/{made.json['id']}", json={"category": None})
    assert (changed.status_code, changed.json["category"], changed.json["title"]) == (200, None, "冷库报警复位")
    assert manager.delete(f"{URL}/{made.json['id']}").status_code == 204
    assert rep.get(f"{URL}/{made.json['id']}").status_code == 404


def test_search_matches_chinese_substrings_and_latin_in_any_case(service, api_client, tenant_session):
    make_article(tenant_session, title="冷库温度异常处理", body="检查压缩机。", category="冷链设备")
    make_article(tenant_session, title="Invoice copies", body="Send the PDF from the billing page.",
                 keywords="fapiao, receipt")
    make_article(tenant_session, title="Password reset", body="Use the link on the sign-in page.",
                 category="Accounts")
    admin = api_client("acme", "admin")
    assert titles(admin.get(f"{URL}?q=温度")) == ["冷库温度异常处理"]
    assert titles(admin.get(f"{URL}?q=压缩机")) == ["冷库温度异常处理"], "the body is searched"
    assert titles(admin.get(f"{URL}?q=冷链")) == ["冷库温度异常处理"], "the category is searched"
    assert titles(admin.get(f"{URL}?q=INVOICE")) == ["Invoice copies"]
    assert titles(admin.get(f"{URL}?q=Fapiao")) == ["Invoice copies"], "keywords are searched"
    assert titles(admin.get(f"{URL}?q=sign-IN")) == ["Password reset"]
    assert titles(admin.get(f"{URL}?q=100%25")) == [], "% is taken literally"
    assert titles(admin.get(f"{URL}?q=_")) == [], "_ is taken literally"
    assert titles(admin.get(f"{URL}?category=Accounts")) == ["Password reset"]
    assert titles(api_client("globex", "admin").get(f"{URL}?q=温度")) == [], "another workspace's articles"


def test_drafts_are_seen_only_by_those_who_write(service, api_client, tenant_session):
    draft = make_article(tenant_session, title="Draft: new warranty terms", published=False)
    make_article(tenant_session, title="Warranty terms")
    rep = api_client("acme", "rep_n1")
    assert titles(rep.get(f"{URL}?q=warranty")) == ["Warranty terms"]
    assert titles(rep.get(f"{URL}?published=false")) == []
    assert rep.get(f"{URL}/{draft}").status_code == 404
    manager = api_client("acme", "manager_north")
    assert sorted(titles(manager.get(f"{URL}?q=warranty"))) == ["Draft: new warranty terms", "Warranty terms"]
    assert titles(manager.get(f"{URL}?published=false")) == ["Draft: new warranty terms"]
    assert manager.patch(f"{URL}/{draft}", json={"published": True}).json["published"] is True
    assert rep.get(f"{URL}/{draft}").status_code == 200


def test_pages_of_the_list_follow_the_last_change(service, api_client):
    admin = api_client("acme", "admin")
    for n in range(5):
        admin.post(URL, json={"title": f"Article {n}", "body": "Text"})
    first = admin.get(f"{URL}?limit=2").json
    rest = admin.get(f"{URL}?limit=3&cursor={first['next_cursor']}").json
    listed = [a["title"] for a in first["items"] + rest["items"]]
    assert sorted(listed) == [f"Article {n}" for n in range(5)] and rest["next_cursor"] is None


def test_bad_input_is_a_4xx_never_a_500(service, api_client):
    admin = api_client("acme", "admin")
    assert admin.post(URL, json={"title": "", "body": "x"}).status_code == 422
    assert admin.post(URL, json={"title": "x"}).status_code == 422
    assert admin.post(URL, json={"title": "x" * 201, "body": "x"}).status_code == 422
    assert admin.post(URL, json={"title": "x", "body": "a\x00b"}).status_code == 422
    assert admin.get(f"{URL}?cursor=garbage").status_code == 400
    assert admin.get(f"{URL}?published=maybe").status_code == 422


def test_pages_search_write_edit_and_delete(service, page_client, tenant_session):
    manager = page_client("acme", "manager_north")
    answer = manager.post("/service/knowledge/articles/new",
                          data={"title": "扫码枪无法识别", "body": "<script>alert(1)</script>\n重新配对。",
                                "category": "外设", "published": "1"})
    assert answer.status_code == 302
    with tenant_session("acme") as session:
        article_id = session.scalar(select(Article.id).where(Article.title == "扫码枪无法识别"))
    page = manager.get(f"/service/knowledge/articles/{article_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'class="pre-line"' in page and "data-confirm=" in page
    assert "扫码枪无法识别" in manager.get("/service/knowledge/?q=扫码").get_data(as_text=True)
    assert "扫码枪无法识别" not in manager.get("/service/knowledge/?q=打印机").get_data(as_text=True)
    assert manager.post("/service/knowledge/articles/new", data={"title": "", "body": ""}).status_code == 422
    assert manager.post(f"/service/knowledge/articles/{article_id}/edit",
                        data={"title": "扫码枪无法识别", "body": "重新配对。"}).status_code == 302
    with tenant_session("acme") as session:
        assert session.get(Article, article_id).published is False, "an unticked box makes it a draft"
    rep = page_client("acme", "rep_n1")
    assert rep.get(f"/service/knowledge/articles/{article_id}").status_code == 404
    listing = rep.get("/service/knowledge/").get_data(as_text=True)
    assert "扫码枪无法识别" not in listing and "New article" not in listing
    assert rep.get("/service/knowledge/articles/new").status_code == 403
    assert rep.post(f"/service/knowledge/articles/{article_id}/delete").status_code == 403
    assert manager.post(f"/service/knowledge/articles/{article_id}/delete").status_code == 302
    with tenant_session("acme") as session:
        assert session.get(Article, article_id) is None
    assert manager.get("/service/knowledge/?cursor=garbage").status_code == 400


def test_the_menu_has_the_knowledge_base_and_the_api_is_documented(service, page_client, client):
    page = page_client("acme", "rep_n1").get("/service/knowledge/").get_data(as_text=True)
    assert 'href="/service/knowledge/" aria-current="page"' in page
    doc = client.get("/api/openapi.json").json
    assert {"/api/v1/service/articles", "/api/v1/service/articles/{article_id}", "/api/v1/service/canned-replies",
            "/api/v1/service/canned-replies/{reply_id}",
            "/api/v1/service/canned-replies/{reply_id}/render"} <= set(doc["paths"])
    assert {"ServiceArticle", "ServiceCannedReply", "ServiceRenderedReply"} <= set(doc["components"]["schemas"])
