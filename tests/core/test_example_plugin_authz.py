"""The example plugin's authorization matrix (crm_feedback/authorization.toml), checked as each role.

This is how a third-party plugin tests its rows: read them from the installed
package, give the path parameters a maker, enable the plugin for acme.
"""
import pytest

from crm_platform.testing.authorization import Requests, cases, check_case, installed_files, read_file

PLUGIN = "crm_feedback"
FILE = installed_files().get(PLUGIN)
ROWS = read_file(FILE, PLUGIN) if FILE and FILE.is_file() else []


def note(requests, user_key):
    """rep_n1's note on s1_shared (shared with rep_n1): not the acting rep's own."""
    def make():
        acme = requests.world.acme
        made = requests.api_client("acme", "rep_n1").post("/api/v1/feedback/notes", json={
            "customer_id": acme.customers["s1_shared"].id, "rating": 3, "text": "Late once"})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {"note_id": requests.once("note", make)}


def test_the_installed_plugin_ships_its_matrix():
    assert FILE is not None and FILE.is_file(), f"{PLUGIN} is not installed with its authorization.toml"
    assert len(ROWS) == 8


@pytest.mark.parametrize("entry, roles", cases(ROWS))
def test_feedback_route_as_each_role(entry, roles, app, world, api_client, page_client, tenant_session,
                                     enable_plugin):
    enable_plugin("acme", PLUGIN)
    check_case(entry, roles, Requests(app, world, api_client, page_client, {"note": note}, tenant_session))
