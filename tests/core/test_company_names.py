"""Company-name duplicate keys (issue 9 item 5): width, bracket styles and legal forms do not make another company."""
import pytest

from crm_platform.identity.companies import company_name_key
from crm_platform.imports.duplicates import existing_matches, keys_of
from crm_platform.models.customer_keys import name_key
from search_support import create


@pytest.mark.parametrize("variants, key", [
    (["阿里巴巴（中国）有限公司", "阿里巴巴(中国)有限公司", "阿里巴巴 (中国) 有限责任公司", "阿里巴巴【中国】",
      "阿里巴巴（中国）股份有限公司", "阿里巴巴（中国）集团有限公司"], "阿里巴巴(中国)"),
    (["华为技术有限公司", "华为技术", "华为技术有限公司。", "华为技术 有限公司"], "华为技术"),
    (["Acme Co., Ltd.", "ACME CO.,LTD", "Ａｃｍｅ Co. Ltd", "acme limited", "Acme Company Limited", "acme"], "acme"),
])
def test_variants_of_one_company_share_a_key(variants, key):
    assert {name_key(name) for name in variants} == {key}


def test_distinct_companies_and_bare_legal_forms_keep_their_keys():
    assert company_name_key("阿里巴巴（中国）有限公司") != company_name_key("阿里巴巴（杭州）有限公司")
    assert company_name_key("有限公司") == "有限公司"  # nothing but the form: kept whole, not emptied
    assert company_name_key("中国有限公司研究会") == "中国有限公司研究会"  # only a trailing form is dropped
    assert company_name_key("  ") is None and company_name_key(None) is None


def test_imports_and_the_api_find_the_company_under_another_spelling(world, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    created = create(rep, name="阿里巴巴（中国）有限公司")
    with tenant_session("acme"):
        matches = existing_matches(keys_of({"name": "阿里巴巴(中国)有限责任公司"}))
        assert [customer.id for customer in matches.values()] == [created["id"]]
    response = rep.post("/api/v1/customers", json={"name": "阿里巴巴 (中国) 股份有限公司"})
    assert response.status_code == 409
    assert response.json["error"]["duplicates"] == [{"id": created["id"], "fields": ["name"]}]
