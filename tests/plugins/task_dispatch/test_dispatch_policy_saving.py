"""Saving the dispatch policy: validation per field, a new version each time, the audit trail, who may do what."""
import pytest
from dispatch_policy_kit import save_version

from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, DEFAULT_WEIGHTS

URL = "/api/v1/dispatch/policy"


def saved_versions(tenant_session, tenant="acme"):
    """[(version, weights, parameters)] of the tenant's saved versions, oldest first."""
    from sqlalchemy import select

    from plugins.task_dispatch.models import PolicyVersion
    with tenant_session(tenant) as session:
        return [(row.version, row.weights, row.parameters) for row in session.scalars(
            select(PolicyVersion).order_by(PolicyVersion.version))]


def test_the_defaults_are_in_force_until_a_version_is_saved(dispatch, api_client):
    policy = api_client("acme", "admin").get(URL).json
    assert policy["version"] == 0 and policy["parameters"] == DEFAULT_PARAMETERS
    assert policy["weights"] == DEFAULT_WEIGHTS
    assert [f["key"] for f in policy["factors"]] == list(DEFAULT_WEIGHTS)
    assert all(f["plugin"] is None and f["label"] for f in policy["factors"])


def test_each_save_is_the_next_version_and_old_ones_never_change(dispatch, api_client, tenant_session):
    first = save_version(api_client, weights={"skill_fit": 5}, parameters={"region_mode": "strict"}, note="Stricter")
    assert first["version"] == 1 and first["weights"]["skill_fit"] == 5 and first["note"] == "Stricter"
    assert first["weights"]["spare_capacity"] == DEFAULT_WEIGHTS["spare_capacity"]  # left out: kept
    second = save_version(api_client, weights={"tenure": 2.5}, parameters={"auto_assign": True})
    assert second["version"] == 2 and second["parameters"]["region_mode"] == "strict"  # kept from version 1
    assert second["weights"]["skill_fit"] == 5 and second["weights"]["tenure"] == 2.5
    assert second["changes"] == [
        {"kind": "weight", "key": "tenure", "label": second["changes"][0]["label"], "before": 0.0, "after": 2.5},
        {"kind": "parameter", "key": "auto_assign", "label": "Assign new tasks automatically", "before": False,
         "after": True}]
    rows = saved_versions(tenant_session)
    assert [version for version, _, _ in rows] == [1, 2]
    assert rows[0][1]["tenure"] == 0.0 and rows[0][2]["auto_assign"] is False  # version 1 as it was saved
    assert saved_versions(tenant_session, "globex") == []


BAD = [
    ({"weights": {"skill_fit": -1}}, ("weights", "skill_fit"), "from 0 to 100"),
    ({"weights": {"skill_fit": 101}}, ("weights", "skill_fit"), "from 0 to 100"),
    ({"weights": {"skill_fit": "a lot"}}, ("weights", "skill_fit"), "number"),
    ({"weights": {"skill_fit": True}}, ("weights", "skill_fit"), "number"),
    ({"weights": {"skill_fit": None}}, ("weights", "skill_fit"), None),
    ({"weights": {"charm": 3}}, ("weights", "charm"), "no factor charm"),
    ({"weights": "heavy"}, ("weights",), None),
    ({"weights": dict.fromkeys(DEFAULT_WEIGHTS, 0)}, ("weights",), "at least one factor"),
    ({"parameters": {"region_mode": "nearby"}}, ("parameters", "region_mode"), None),
    ({"parameters": {"auto_assign": "perhaps"}}, ("parameters", "auto_assign"), None),
    ({"parameters": {"overqualification_penalty": 1.5}}, ("parameters", "overqualification_penalty"), "0 to 1"),
    ({"parameters": {"performance_cap": 0}}, ("parameters", "performance_cap"), "0.1 to 1"),
    ({"parameters": {"tenure_cap_years": 0}}, ("parameters", "tenure_cap_years"), "1 to 50"),
    ({"parameters": {"post_cap_years": 2.5}}, ("parameters", "post_cap_years"), "integer"),
    ({"parameters": {"continuity_days": 10000}}, ("parameters", "continuity_days"), "1 to 3650"),
    ({"parameters": {"fairness_window_days": -3}}, ("parameters", "fairness_window_days"), "1 to 365"),
    ({"parameters": {"horizon_days": 91}}, ("parameters", "horizon_days"), "1 to 90"),
    ({"parameters": {"performance_prior_tasks": 0}}, ("parameters", "performance_prior_tasks"), "1 to 100"),
    ({"parameters": {"speed": 3}}, ("parameters", "speed"), None),
    ({"note": "x" * 201}, ("note",), None),
]


@pytest.mark.parametrize(("body", "path", "words"), BAD)
def test_a_refused_value_is_named_with_its_field_and_nothing_is_saved(dispatch, api_client, tenant_session, body,
                                                                       path, words):
    response = api_client("acme", "admin").put(URL, json=body)
    assert response.status_code == 422, response.json
    found = response.json["error"]["fields"]
    for key in path:
        found = found[key]
    if words:
        assert words in " ".join(found), found
    assert saved_versions(tenant_session) == []


def test_every_save_is_in_the_audit_trail(dispatch, world, api_client):
    save_version(api_client, weights={"urgency": 4}, note="Urgent work first")
    trail = api_client("acme", "admin").get("/api/v1/audit", query_string={"entity": "dispatch_policy"}).json["items"]
    assert [entry["action"] for entry in trail] == ["create"]
    entry = trail[0]
    assert entry["actor_id"] == world.acme.users["admin"].id
    assert entry["changes"]["version"] == 1 and entry["changes"]["weights"]["urgency"] == 4
    assert entry["changes"]["note"] == "Urgent work first"


def test_only_admins_save_and_whoever_dispatches_reads(dispatch, api_client, tenant_session):
    assert api_client("acme", "manager_north").get(URL).status_code == 200
    assert api_client("acme", "executive").get(f"{URL}/versions").status_code == 200
    for user in ("manager_north", "executive", "rep_n1"):
        assert api_client("acme", user).put(URL, json={"weights": {"urgency": 4}}).status_code == 403
        assert api_client("acme", user).post(f"{URL}/preview", json={}).status_code == 403
    assert api_client("acme", "rep_n1").get(URL).status_code == 403
    assert api_client("acme", "rep_n1").get(f"{URL}/versions").status_code == 403
    assert saved_versions(tenant_session) == []


def test_a_workspace_without_the_module_has_no_policy_routes(world, enable_plugin, api_client, page_client):
    enable_plugin("acme", "task_dispatch")
    assert api_client("globex", "admin").get(URL).status_code == 404
    assert api_client("globex", "admin").put(URL, json={"weights": {"urgency": 4}}).status_code == 404
    assert page_client("globex", "admin").get("/dispatch/policy/").status_code == 404


def test_the_versions_come_newest_first_a_page_at_a_time(dispatch, world, api_client):
    for weight in (4, 5, 6):
        save_version(api_client, weights={"urgency": weight}, note=f"Urgency {weight}")
    admin = api_client("acme", "admin")
    first = admin.get(f"{URL}/versions", query_string={"limit": 2}).json
    assert [item["version"] for item in first["items"]] == [3, 2]
    rest = admin.get(f"{URL}/versions", query_string={"limit": 2, "cursor": first["next_cursor"]}).json
    assert [item["version"] for item in rest["items"]] == [1] and rest["next_cursor"] is None
    one = admin.get(f"{URL}/versions/2").json
    assert one["note"] == "Urgency 5" and one["created_by_name"] == world.acme.users["admin"].name
    assert [(c["key"], c["before"], c["after"]) for c in one["changes"]] == [("urgency", 4.0, 5.0)]
    assert admin.get(f"{URL}/versions/4").status_code == 404
    assert admin.get(f"{URL}/versions/0").status_code == 404


def test_the_difference_of_two_versions(dispatch, world, app, api_client, tenant_session):
    from plugins.task_dispatch.policy import service
    save_version(api_client, weights={"urgency": 4, "tenure": 1}, parameters={"horizon_days": 14})
    save_version(api_client, weights={"urgency": 2}, parameters={"region_mode": "strict"})
    with app.test_request_context(), tenant_session("acme", world.acme.users["admin"].id):
        one, two = service.version_or_404(1), service.version_or_404(2)
        changes = service.diff(one, two)
        assert [(c["kind"], c["key"], c["before"], c["after"]) for c in changes] == [
            ("weight", "urgency", 4.0, 2.0), ("parameter", "region_mode", "prefer", "strict")]
        assert service.diff(None, one)[0]["key"] == "tenure"  # the defaults to version 1: tenure first in order
        assert [v.version for v in service.versions()] == [2, 1]
