"""The hook `crm_customer_filters`: a module's filters on the core customer list, its API, exports and bulk actions.

Small plugins of the test's own (registered with CRM_PLUGINS) offer a filter by
the first letter of the name; every place that works on "the customers matching
the list's filters" must honour it, within what the user may see, and refuse a
value that is not among its choices with a field error naming the filter.
"""
import csv
import io
import logging

import pytest

from crm_platform import sdk

INITIALS = [("A", "Starts with A"), ("E", "Starts with E"), ("Z", "Starts with Z")]


class Initials:
    """A filter by the customer name's first letter; it records who asked."""

    @sdk.hookimpl
    def crm_customer_filters(self, user):
        return [sdk.CustomerFilter("initials_letter", "First letter", lambda: INITIALS,
                                   lambda value: sdk.Customer.name.startswith(value))]


class Squatter:
    """A filter under a key the list already uses, and one whose choices fail: both left out, logged."""

    @sdk.hookimpl
    def crm_customer_filters(self, user):
        return [sdk.CustomerFilter("owner_id", "Owner", lambda: [], lambda value: sdk.Customer.id > 0)]


class Broken:
    """Choices that raise: the filter is left out, the list works."""

    @sdk.hookimpl
    def crm_customer_filters(self, user):
        def choices():
            raise RuntimeError("choices exploded")
        return [sdk.CustomerFilter("broken_kind", "Kind", choices, lambda value: sdk.Customer.id > 0)]


PLUGINS = {"initials": Initials(), "squatter": Squatter(), "broken": Broken()}


def names(client, query):
    """The names the customer list API answers for `query`, sorted."""
    response = client.get(f"/api/v1/customers?{query}")
    assert response.status_code == 200, response.get_json()
    return sorted(item["name"] for item in response.get_json()["items"])


@pytest.fixture
def offered(world, enable_plugin):
    """The three test plugins on for acme; globex has none of them."""
    for name in PLUGINS:
        enable_plugin("acme", name)
    return world


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS)
def test_hook_crm_customer_filters(offered, api_client, page_client, caplog):
    caplog.set_level(logging.ERROR, logger="crm.plugins")
    admin, rep = api_client("acme", "admin"), api_client("acme", "rep_n1")
    assert names(admin, "initials_letter=E") == ["Epsilon Media", "Eta Holdings"]
    # Within sight only: rep_n1 sees Epsilon Media through a share, Eta Holdings not at all.
    assert names(rep, "initials_letter=E") == ["Epsilon Media"]
    assert rep.get("/api/v1/customers/count?initials_letter=A").get_json() == {"count": 1}
    refused = admin.get("/api/v1/customers?initials_letter=Q")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"initials_letter": ["Q is not one of this filter's values."]}
    assert admin.get("/api/v1/customers/count?initials_letter=Q").status_code == 422
    # The squatting and broken filters are not offered; their keys are ordinary (ignored) query parameters.
    assert "plugin squatter failed in crm_customer_filters" in caplog.text
    assert "plugin broken failed in crm_customer_filters (the choices of broken_kind)" in caplog.text
    assert len(names(admin, "broken_kind=x")) == 7
    # Globex has not enabled the module: its filter is nothing there.
    assert len(names(api_client("globex", "admin"), "initials_letter=Q")) == 7

    page = page_client("acme", "rep_n1")
    html = page.get("/customers/?initials_letter=A").get_data(as_text=True)
    assert '<select name="initials_letter"' in html and '<option value="A" selected>Starts with A</option>' in html
    assert "Alpha Trading" in html and "Beta Foods" not in html and "broken_kind" not in html
    # The bulk form and the export carry it, so "every match" means what the list shows.
    assert '<input type="hidden" name="filter_initials_letter" value="A">' in html
    wrong = page.get("/customers/?initials_letter=Q")
    assert wrong.status_code == 400 and "Q is not one of this filter" in wrong.get_data(as_text=True)
    assert '<select name="initials_letter"' not in page_client("globex", "rep_n1").get("/customers/").get_data(
        as_text=True)


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS)
def test_bulk_actions_over_every_match_honour_module_filters(offered, api_client, page_client, jobs):
    admin = api_client("acme", "admin")
    done = admin.post("/api/v1/customers/bulk", json={"action": "add_tag", "tag": "a-list",
                                                      "filters": {"module_filters": {"initials_letter": "A"}}})
    assert done.status_code == 200 and done.get_json()["changed"] == 1
    assert names(admin, "tag=a-list") == ["Alpha Trading"]
    for bad, key in (({"initials_letter": "Q"}, "initials_letter"), ({"nobody_offers": "A"}, "nobody_offers")):
        refused = admin.post("/api/v1/customers/bulk", json={"action": "add_tag", "tag": "x",
                                                             "filters": {"module_filters": bad}})
        assert refused.status_code == 422 and key in str(refused.get_json()["error"]["fields"])
    # More than a page: the job applies the filter again, as the user who asked.
    started = admin.post("/api/v1/customers/bulk", json={"action": "add_tag", "tag": "e-list", "page_size": 1,
                                                         "filters": {"module_filters": {"initials_letter": "E"}}})
    assert started.status_code == 202
    jobs.work()
    assert names(admin, "tag=e-list") == ["Epsilon Media", "Eta Holdings"]
    # The list page's bulk form over "all matching".
    page = page_client("acme", "admin")
    page.get("/customers/")
    form = {"action": "add_tag", "tag": "z-list", "scope": "all", "filter_initials_letter": "Z"}
    assert page.post("/customers/bulk", data=form).status_code == 302
    assert names(admin, "tag=z-list") == ["Zeta Energy"]


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS)
def test_exports_honour_module_filters(offered, api_client, jobs):
    rep = api_client("acme", "rep_n1")
    started = rep.post("/api/v1/exports", json={"module_filters": {"initials_letter": "E"}})
    assert started.status_code == 202, started.get_json()
    jobs.work()
    job = rep.get(f"/api/v1/jobs/{started.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    rows = list(csv.reader(io.StringIO(rep.get(f"/api/v1/exports/{job['id']}/download").get_data()
                                       .decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Epsilon Media"]
    refused = rep.post("/api/v1/exports", json={"module_filters": {"initials_letter": "Q"}})
    assert refused.status_code == 422 and "initials_letter" in refused.get_json()["error"]["fields"]


def test_the_key_rule_refuses_the_lists_own_parameters():
    from crm_platform.customers.module_filters import _check

    good = sdk.CustomerFilter("insights_class", "Class", list, str)
    _check([good])
    for key in ("status", "owner_id", "cf_grade", "filter_x", "Insights_class", "insights"):
        with pytest.raises(ValueError):
            _check([sdk.CustomerFilter(key, "x", list, str)])
    with pytest.raises(TypeError):
        _check(["not a filter"])
