"""Pinyin search (issue 9 item 3): stored full pinyin and initials of names, heteronyms read as place names, pinyin sort."""
import flask_migrate
import pytest
from sqlalchemy import select, text

from crm_platform.extensions import db
from crm_platform.identity.pinyin import PLACE_NAMES, name_initials, name_pinyin
from crm_platform.models import Customer
from crm_platform.models.customer_keys import customer_keys
from search_support import create, found
from test_migrations import migrated_app, seed_old_rows  # noqa: F401 (a fixture: a database built by the migrations alone)


@pytest.mark.parametrize("name, pinyin, initials", [
    ("中国石油", "zhongguoshiyou", "zgsy"),
    ("重庆", "chongqing", "cq"),  # 重 is zhòng on its own
    ("长沙", "changsha", "cs"),  # 长 is zhǎng in 行长
    ("厦门", "xiamen", "xm"),  # 厦 is shà in 大厦
    ("银行", "yinhang", "yh"),  # 行 is xíng on its own
    ("重庆银行", "chongqingyinhang", "cqyh"),
    ("长沙银行股份有限公司", "changshayinhanggufenyouxiangongsi", "csyhgfyxgs"),
    ("单县", "shanxian", "sx"),  # from PLACE_NAMES: pypinyin reads dānxiàn
    ("长治", "changzhi", "cz"),  # from PLACE_NAMES: pypinyin reads zhǎngzhì
    ("北京朝阳", "beijingchaoyang", "bjcy"),  # from PLACE_NAMES
    ("ＡＢＣ 贸易（上海）", "abcmaoyishanghai", "amysh"),  # full-width letters, words and brackets
    ("Acme Trading", "acmetrading", "at"),
])
def test_names_come_out_as_pinyin_and_initials(name, pinyin, initials):
    assert (name_pinyin(name), name_initials(name)) == (pinyin, initials)


def test_the_place_name_readings_are_applied():
    """Every phrase of identity/pinyin.py's PLACE_NAMES reads as listed."""
    from pypinyin import lazy_pinyin

    for phrase, readings in PLACE_NAMES.items():
        assert lazy_pinyin(phrase) == [r[0].translate(str.maketrans("àáǎāèéěēìíǐīòóǒōùúǔū", "aaaaeeeeiiiioooouuuu"))
                                       for r in readings]


def test_initials_and_full_pinyin_find_the_customer(world, api_client):
    rep = api_client("acme", "rep_n1")
    create(rep, name="中国石油")
    create(rep, name="重庆银行")
    create(rep, name="长沙银行")
    for q in ("zgsy", "ZGSY", "zhongguoshiyou", "ZhongGuo ShiYou", "zhongguo", "shiyou", "gsy", "zg"):
        assert found(rep, q) == ["中国石油"], q
    assert found(rep, "cqyh") == ["重庆银行"] and found(rep, "chongqing") == ["重庆银行"]
    assert found(rep, "zhongqing") == []  # the wrong reading of 重 finds nothing
    assert found(rep, "changsha") == ["长沙银行"] and found(rep, "zhangsha") == []
    assert sorted(found(rep, "yinhang")) == ["重庆银行", "长沙银行"]
    assert found(rep, "中国") == ["中国石油"]  # the characters themselves still match


def test_pinyin_search_respects_visibility(world, api_client):
    create(api_client("acme", "rep_s1"), name="厦门航空")
    assert found(api_client("acme", "rep_n1"), "xmhk") == []
    assert found(api_client("acme", "manager_south"), "xmhk") == ["厦门航空"]
    assert found(api_client("globex", "admin"), "xiamen") == []


def test_renaming_keeps_the_keys_in_step_and_bulk_inserts_get_them(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    created = create(rep, name="中国石油")
    assert rep.patch(f"/api/v1/customers/{created['id']}", json={"name": "厦门大学"}).status_code == 200
    assert found(rep, "zgsy") == [] and found(rep, "xmdx") == ["厦门大学"]
    with tenant_session("acme") as session:
        stored = session.execute(select(Customer.name_pinyin, Customer.name_initials)
                                 .where(Customer.id == created["id"])).one()
        assert tuple(stored) == ("xiamendaxue", "xmdx")
    keys = customer_keys({"name": "长沙", "phone": "0731-8888 6666"})  # what Core bulk inserts add
    assert (keys["name_pinyin"], keys["name_initials"], keys["phone_digits"], keys["phone_key"]) == (
        "changsha", "cs", "073188886666", "+8673188886666")


@pytest.mark.parametrize("sort", ["pinyin", "-pinyin"])
def test_lists_sort_by_pinyin_with_keyset_pages(world, api_client, sort):
    admin = api_client("acme", "admin")
    for name in ("上海电气", "北京银行", "重庆钢铁", "长沙银行", "厦门航空", "阿里巴巴", "北京银行"):
        create(admin, name=name)
    everything = found(admin, "", limit=200, sort=sort)
    keys = [name_pinyin(name) for name in everything]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    chinese = [name for name in everything if not name.isascii()]
    expected = ["阿里巴巴", "北京银行", "北京银行", "长沙银行", "重庆钢铁", "上海电气", "厦门航空"]
    assert chinese == (expected[::-1] if sort.startswith("-") else expected)
    for limit in (1, 2, 3):
        assert found(admin, "", limit=limit, sort=sort) == everything


def test_the_list_page_sorts_by_pinyin_and_finds_by_initials(world, api_client, page_client):
    create(api_client("acme", "rep_n1"), name="中国石油")
    client = page_client("acme", "rep_n1")
    page = client.get("/customers/", query_string={"q": "zgsy", "sort": "pinyin"})
    assert page.status_code == 200 and "中国石油" in page.get_data(as_text=True)
    assert client.get("/customers/", query_string={"sort": "-pinyin"}).status_code == 200


def test_the_migration_keys_existing_customers_and_contacts(migrated_app):
    """core_0012 fills the new keys of rows written before it, and re-keys phones and company names."""
    flask_migrate.downgrade(revision="core_0010")
    seed_old_rows(customer={"name": "重庆银行股份有限公司", "phone": "023-6379 2222", "name_key": "old",
                            "phone_key": "02363792222"},
                  contact={"name": "长沙 王", "phone": "138 2542 6991"})
    flask_migrate.upgrade(revision="heads")
    with db.engine.connect() as conn:
        customer = conn.execute(text("SELECT name_key, phone_key, phone_digits, name_pinyin, name_initials, "
                                     "credit_code FROM customers")).one()
        contact = conn.execute(text("SELECT phone_digits, name_pinyin, name_initials FROM contacts")).one()
    assert tuple(customer) == ("重庆银行", "+862363792222", "02363792222", "chongqingyinhanggufenyouxiangongsi",
                               "cqyhgfyxgs", None)
    assert tuple(contact) == ("13825426991", "changshawang", "csw")
