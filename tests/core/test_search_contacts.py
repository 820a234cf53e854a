"""Issue 8 bug 4: the customer search finds customers by their contacts' name, phone, email and pinyin, within visibility."""
from search_support import create, found


def _with_contact(client, customer_name, **contact):
    customer = create(client, name=customer_name)
    response = client.post(f"/api/v1/customers/{customer['id']}/contacts", json=contact)
    assert response.status_code == 201, response.json
    return customer


def test_a_contacts_name_phone_email_and_pinyin_find_its_customer(world, api_client):
    rep = api_client("acme", "rep_n1")
    _with_contact(rep, "Hangzhou Tea", name="王小明", phone="139 0571 2233", email="XiaoMing@Tea.test")
    for q in ("王小明", "小明", "wangxiaoming", "wxm", "13905712233", "139-0571-2233", "xiaoming@tea",
              "XIAOMING@TEA.TEST"):
        assert found(rep, q) == ["Hangzhou Tea"], q


def test_a_customer_with_several_matching_contacts_is_listed_once(world, api_client):
    rep = api_client("acme", "rep_n1")
    customer = _with_contact(rep, "Ningbo Port", name="Li Lei", email="li@port.test")
    rep.post(f"/api/v1/customers/{customer['id']}/contacts", json={"name": "Li Na", "email": "na@port.test"})
    assert found(rep, "port.test") == ["Ningbo Port"]


def test_a_rep_never_finds_another_reps_customer_through_its_contact(world, api_client):
    _with_contact(api_client("acme", "rep_s1"), "Guangzhou Steel", name="陈大文", phone="020-8765 4321",
                  email="chen@steel.test")
    rep_n1 = api_client("acme", "rep_n1")
    for q in ("陈大文", "chendawen", "cdw", "02087654321", "chen@steel.test"):
        assert found(rep_n1, q) == [], q
        assert found(api_client("acme", "manager_south"), q) == ["Guangzhou Steel"], q
        assert found(api_client("acme", "manager_north"), q) == [], q
        assert found(api_client("globex", "admin"), q) == [], q


def test_a_shared_customer_is_found_through_its_contact(world, api_client):
    """The fixtures' Epsilon Media (rep_s1's) is shared with rep_n1; its contact is "Epsilon Media Contact"."""
    rep_n1 = api_client("acme", "rep_n1")
    assert found(rep_n1, "contact@s1_shared.test") == ["Epsilon Media"]
    assert found(rep_n1, "contact@s1.test") == []  # Delta Shipping's contact: not shared
