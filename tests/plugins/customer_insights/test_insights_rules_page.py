"""The Rules page and API: the module's settings explained, changed only with insights.configure, read-only for
everyone else, refused with a message per field, stored as the module's settings (also on the Modules page)."""
import re

from sqlalchemy import select

from crm_platform.models import AuditEntry

from plugins.customer_insights.engine.segments import DEFAULT_RULES

PAGE, API = "/insights/rules/", "/api/v1/insights/rules"


def form_of(html):
    """The values the Rules form would send back as shown (inputs and text areas by name)."""
    values = dict(re.findall(r'<input type="number" name="(\w+)" value="([^"]*)"', html))
    values.update((name, text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&"))
                  for name, text in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S))
    return values


def test_the_api_gives_the_effective_rules_parsed_and_explained(insights, api_client):
    rules = api_client("acme", "rep_n1").get(API).json
    assert rules["settings"]["period_months"] == 12 and rules["settings"]["discount_percent"] == "10.00"
    assert rules["settings"]["segments"] == "\n".join(DEFAULT_RULES)
    assert rules["segments"][0] == {"name": "champions", "label": "Champions", "r": [5, 5], "f": [4, 5], "m": None}
    assert len(rules["segments"]) == len(DEFAULT_RULES)
    assert rules["pyramid"] == ["advocate", "core", "regular", "inactive", "new", "leaving", "onlooker", "lost"]
    assert [layer["layer"] for layer in rules["layers"]] == [
        "onlooker", "lost", "advocate", "new", "leaving", "core", "regular", "inactive"]
    lost = rules["layers"][1]
    assert lost["rule"] == "The last purchase is more than 365 days old."
    assert lost["strategy"] == lost["default_strategy"] and lost["custom"] is False
    period = next(field for field in rules["fields"] if field["name"] == "period_months")
    assert (period["group"], period["value"], period["label"]) == ("period", 12, "Analysis period (months)")
    assert "whole history" in period["explanation"]
    assert {field["name"] for field in rules["fields"]}.isdisjoint({"strategy_core"})


def test_a_change_through_the_api_keeps_the_rest_and_shows_in_the_sentences(insights, api_client):
    api = api_client("acme", "admin")
    changed = api.put(API, json={"lost_after_days": 200, "strategy_core": "Visit monthly.",
                                 "segments": "vip: R4-5 F5 M5\nrest: R1-5"})
    assert changed.status_code == 200
    rules = changed.json
    assert rules["settings"]["lost_after_days"] == 200 and rules["settings"]["period_months"] == 12
    assert rules["layers"][1]["rule"] == "The last purchase is more than 200 days old."
    core = next(layer for layer in rules["layers"] if layer["layer"] == "core")
    assert (core["strategy"], core["custom"]) == ("Visit monthly.", True)
    assert [rule["name"] for rule in rules["segments"]] == ["vip", "rest"]
    assert rules["segments"][1]["r"] is None and rules["segments"][0]["label"] == "vip"
    assert api.get("/api/v1/modules/customer_insights").json["settings"]["lost_after_days"] == 200


def test_bad_rules_are_a_422_per_field_and_change_nothing(insights, api_client):
    api = api_client("acme", "admin")
    for body, field in (({"period_months": 0}, "period_months"), ({"segments": "champions R5"}, "segments"),
                        ({"segments": "a: R5\na: F1"}, "segments"), ({"abc_a_percent": 90}, "abc_b_percent"),
                        ({"discount_percent": "ten"}, "discount_percent"), ({"colour": "red"}, "colour"),
                        ({"strategy_lost": "x" * 1001}, "strategy_lost")):
        refused = api.put(API, json=body)
        assert refused.status_code == 422, body
        assert set(refused.json["error"]["fields"]) == {field}, refused.json
    twice = api.put(API, json={"segments": "a: R5\na: F1"}).json["error"]["fields"]["segments"]
    assert "Rule 2 names the segment “a” again" in str(twice)
    assert api.get(API).json["settings"]["period_months"] == 12
    for user in ("rep_n1", "manager_north", "executive"):
        assert api_client("acme", user).put(API, json={"period_months": 6}).status_code == 403


def test_configurers_save_the_form_with_blanks_taking_defaults_and_an_audit_entry(insights, page_client,
                                                                                 api_client, tenant_session):
    page = page_client("acme", "admin")
    html = page.get(PAGE).get_data(as_text=True)
    values = form_of(html)
    assert values["period_months"] == "12" and values["segments"] == "\n".join(DEFAULT_RULES)
    assert values["strategy_core"] == "" and 'placeholder="A named account manager' in html
    assert 'id="layer-rule-leaving"' in html and "Save and compute now" in html
    values.update(period_months="6", abc_b_percent="", segments="top: R5\r\nrest: R1-4",
                  strategy_lost="Call them once.\r\nThen let go.")
    saved = page.post(PAGE, data=values)
    assert saved.status_code == 302 and saved.location.endswith(PAGE)
    stored = api_client("acme", "admin").get(API).json["settings"]
    assert (stored["period_months"], stored["abc_b_percent"]) == (6, 15)
    assert stored["segments"] == "top: R5\nrest: R1-4" and stored["strategy_lost"] == "Call them once.\nThen let go."
    with tenant_session("acme") as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "module")
                                .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())).first()
        assert entry.actor_id == insights.acme.users["admin"].id and "settings" in entry.changes


def test_a_refused_form_shows_each_message_next_to_its_field_and_keeps_what_was_typed(insights, page_client,
                                                                                     api_client):
    page = page_client("acme", "admin")
    values = form_of(page.get(PAGE).get_data(as_text=True))
    values.update(lost_after_days="0", segments="good: R9")
    refused = page.post(PAGE, data=values)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="rules-segments-error"' in html and "Rule 1 (“good: R9”) does not read" in html
    assert form_of(html)["segments"] == "good: R9" and form_of(html)["lost_after_days"] == "0"
    assert api_client("acme", "admin").get(API).json["settings"]["lost_after_days"] == 365
    values.update(segments="good: R5", lost_after_days="0")
    html = page.post(PAGE, data=values).get_data(as_text=True)
    assert 'id="rules-lost_after_days-error"' in html


def test_others_read_the_rules_but_cannot_save_them(insights, page_client, api_client):
    rep = page_client("acme", "rep_n1")
    html = rep.get(PAGE).get_data(as_text=True)
    assert 'id="rules-read-only"' in html and "Save the rules" not in html
    assert re.search(r'<input type="number" name="period_months" value="12"[^>]*disabled', html)
    assert rep.post(PAGE, data={"period_months": "3"}).status_code == 403
    assert api_client("acme", "admin").get(API).json["settings"]["period_months"] == 12


def test_save_and_compute_starts_a_run(insights, page_client, jobs, api_client):
    page = page_client("acme", "admin")
    values = form_of(page.get(PAGE).get_data(as_text=True))
    answer = page.post(PAGE, data={**values, "compute": "1"})
    assert answer.status_code == 302 and answer.location.endswith("/insights/runs/")
    assert jobs.work()
    (run,) = api_client("acme", "admin").get("/api/v1/insights/runs").json["items"]
    assert run["status"] == "done"


def test_the_modules_page_still_saves_the_modules_settings_with_its_lines(insights, page_client, api_client):
    html = page_client("acme", "admin").get("/admin/modules/").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/admin/modules/customer_insights/settings".*?</form>', html, re.S).group(0)
    assert re.search(r'<textarea name="segments" rows="6">champions: R5 F4-5\nloyal', form)
    assert '<textarea name="strategy_core"' in form
    values = form_of(form)
    values["segments"] = "top: R5\r\nrest: R1-4"
    saved = page_client("acme", "admin").post("/admin/modules/customer_insights/settings", data=values)
    assert saved.status_code == 302
    assert api_client("acme", "admin").get(API).json["settings"]["segments"] == "top: R5\nrest: R1-4"


def test_the_rules_speak_chinese(insights, api_client, page_client):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    rules = api_client("acme", "admin").get(API).json
    lost = rules["layers"][1]
    assert lost["label"] == "流失客户" and "365" in lost["rule"] and "days" not in lost["rule"]
    assert rules["segments"][0]["label"] != "Champions"
    html = page_client("acme", "admin").get(PAGE).get_data(as_text=True)
    assert "服务策略" in html
