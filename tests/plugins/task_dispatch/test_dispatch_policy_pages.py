"""The policy settings page: every factor with its weight, saving with a note, the history, who may see and save."""
import re

from dispatch_policy_kit import FACTOR_PLUGIN, WITH_FACTOR_PLUGIN, policy_form as form, save_version

from plugins.task_dispatch.policy.defaults import DEFAULT_WEIGHTS

PAGE = "/dispatch/policy/"


def test_the_admin_sees_every_factor_and_parameter_in_a_form(dispatch, page_client):
    html = page_client("acme", "admin").get(PAGE).get_data(as_text=True)
    for key in DEFAULT_WEIGHTS:
        assert f'id="factor-{key}"' in html and f'name="weight_{key}"' in html
    assert 'name="horizon_days" value="7"' in html and 'name="region_mode"' in html
    assert 'name="weight_skill_fit" value="3"' in html
    assert "documented defaults are in force" in html
    assert 'formaction="/dispatch/policy/preview"' in html and 'name="csrf_token"' in html


def test_saving_the_form_makes_a_version_with_its_note_in_the_history(dispatch, world, page_client, api_client):
    admin = page_client("acme", "admin")
    response = admin.post(PAGE, data=form(weight_urgency="4", auto_assign="on", note="Urgent first"))
    assert response.status_code == 302
    html = admin.get(PAGE).get_data(as_text=True)
    assert "Dispatch policy version 1 saved." in html and "Version 1 is in force." in html
    history = html[html.index('id="policy-versions"'):]
    assert "Urgent first" in history and world.acme.users["admin"].name in history
    assert re.search(r"Weight of [^:]+: 1 → 4", history)
    assert "Assign new tasks automatically: No → Yes" in history
    policy = api_client("acme", "admin").get("/api/v1/dispatch/policy").json
    assert policy["weights"]["urgency"] == 4 and policy["parameters"]["auto_assign"] is True


def test_a_refused_form_keeps_what_was_typed_and_saves_nothing(dispatch, page_client, api_client):
    admin = page_client("acme", "admin")
    response = admin.post(PAGE, data=form(weight_urgency="250", horizon_days="0", note="Too much"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'name="weight_urgency" value="250"' in html and 'id="weight_urgency-error"' in html
    assert 'name="horizon_days" value="0"' in html and 'id="horizon_days-error"' in html
    assert 'value="Too much"' in html
    response = admin.post(PAGE, data=form(**{f"weight_{key}": "0" for key in DEFAULT_WEIGHTS}))
    assert response.status_code == 422 and "at least one factor a weight above 0" in response.get_data(as_text=True)
    assert api_client("acme", "admin").get("/api/v1/dispatch/policy").json["version"] == 0


def test_whoever_dispatches_reads_the_policy_and_only_admins_save(dispatch, page_client, api_client):
    manager = page_client("acme", "manager_north")
    html = manager.get(PAGE).get_data(as_text=True)
    assert 'id="factor-skill_fit"' in html and 'name="weight_skill_fit"' not in html
    assert 'action="/dispatch/policy/"' not in html and 'id="policy-parameters"' in html
    assert manager.post(PAGE, data=form(weight_urgency="4")).status_code == 403
    assert manager.post(f"{PAGE}preview", data=form()).status_code == 403
    rep = page_client("acme", "rep_n1")
    assert rep.get(PAGE).status_code == 403 and rep.get(f"{PAGE}versions").status_code == 403
    assert api_client("acme", "admin").get("/api/v1/dispatch/policy").json["version"] == 0


def test_the_history_pages_list_every_version_and_show_one(dispatch, world, page_client, api_client):
    for weight in (4, 5):
        save_version(api_client, weights={"urgency": weight}, note=f"Urgency {weight}")
    browser = page_client("acme", "manager_north")
    listed = browser.get(f"{PAGE}versions").get_data(as_text=True)
    assert listed.index('id="version-2"') < listed.index('id="version-1"')
    one = browser.get(f"{PAGE}versions/2").get_data(as_text=True)
    assert "Urgency 5" in one and re.search(r"Weight of [^:]+: 4 → 5", one)
    assert browser.get(f"{PAGE}versions/3").status_code == 404


@WITH_FACTOR_PLUGIN
def test_a_plugins_factor_is_weighed_like_a_built_in_one_while_the_plugin_is_on(dispatch, enable_plugin,
                                                                                 page_client, api_client):
    enable_plugin("acme", FACTOR_PLUGIN)
    admin = api_client("acme", "admin")
    factors = admin.get("/api/v1/dispatch/policy").json["factors"]
    warranty = next(f for f in factors if f["key"] == "warranty")
    assert warranty == {"key": "warranty", "label": "Warranty work", "plugin": FACTOR_PLUGIN, "weight": 0.0,
                        "description": "Knows the customer's warranty terms."}
    html = page_client("acme", "admin").get(PAGE).get_data(as_text=True)
    assert 'id="factor-warranty"' in html and "Warranty work" in html and FACTOR_PLUGIN in html
    assert page_client("acme", "admin").post(PAGE, data=form(weight_warranty="6")).status_code == 302
    assert admin.get("/api/v1/dispatch/policy").json["weights"]["warranty"] == 6

    enable_plugin("acme", FACTOR_PLUGIN, enabled=False)
    policy = admin.get("/api/v1/dispatch/policy").json
    assert "warranty" not in policy["weights"] and "warranty" not in {f["key"] for f in policy["factors"]}
    assert 'id="factor-warranty"' not in page_client("acme", "admin").get(PAGE).get_data(as_text=True)
    refused = admin.put("/api/v1/dispatch/policy", json={"weights": {"warranty": 2}})
    assert refused.status_code == 422 and "warranty" in refused.json["error"]["fields"]["weights"]
    save_version(api_client, weights={"urgency": 2})  # the off plugin's weight is kept for its return
    enable_plugin("acme", FACTOR_PLUGIN)
    assert admin.get("/api/v1/dispatch/policy").json["weights"]["warranty"] == 6


def test_a_form_without_a_field_keeps_that_value_in_force(dispatch, page_client, api_client):
    save_version(api_client, weights={"urgency": 7})
    posted = form(weight_skill_fit="4")
    del posted["weight_urgency"], posted["horizon_days"]  # e.g. a plugin's factor turned on after the page loaded
    assert page_client("acme", "admin").post(PAGE, data=posted).status_code == 302
    policy = api_client("acme", "admin").get("/api/v1/dispatch/policy").json
    assert policy["version"] == 2 and policy["weights"]["urgency"] == 7 and policy["weights"]["skill_fit"] == 4
    assert policy["parameters"]["horizon_days"] == 7
