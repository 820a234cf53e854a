"""The authorization matrix covers every route of the app, and every role gets what the core's rows say.

The app has every installed plugin (the bundled modules, and the example plugin when
it is installed): a route missing from every matrix file, or a row whose route is
gone, fails here. Each module's rows are checked by its own tests
(tests/plugins/<name>/test_*_authz_matrix.py); this file checks the core's.
"""
import pytest

from crm_platform.testing.authorization import (
    CORE, SIGNED_IN, Requests, app_files, app_operations, cases, check_case, core_file, read_file,
)

from authz_core_makers import MAKERS

CORE_ROWS = read_file(core_file(), CORE)


def matrix(app):
    """Every row of every matrix file of `app`, by "METHOD rule"; a key written twice fails."""
    rows = {}
    for source, path in app_files(app).items():
        assert path.is_file(), f"{source} has no authorization matrix: add {path}"
        for entry in read_file(path, source):
            assert entry.key not in rows, f"{entry.key} is in the matrix of {rows[entry.key].source} and {source}"
            rows[entry.key] = entry
    return rows


def owner(app, endpoint):
    """The plugin that serves `endpoint`, or the core."""
    blueprint = endpoint.rpartition(".")[0].split(".")[0]
    return app.extensions["crm_plugins"].blueprint_owners.get(blueprint, CORE)


def test_every_route_has_a_row_and_every_row_a_route(app):
    registry = app.extensions["crm_plugins"]
    assert {"sales_automation", "service_support", "task_dispatch", "customer_insights"} <= {
        record.name for record in registry.ok_records()}
    rows, served = matrix(app), app_operations(app)
    missing = sorted(set(served) - set(rows))
    stale = sorted(set(rows) - set(served))
    assert not missing, "routes without a row in the authorization matrix:\n" + "\n".join(
        f"{key}  ({owner(app, served[key])})" for key in missing)
    assert not stale, "rows of the authorization matrix whose route is gone:\n" + "\n".join(
        f"{key}  ({rows[key].source})" for key in stale)
    misplaced = sorted(f"{key}: in {rows[key].source}'s file, served by {owner(app, endpoint)}"
                       for key, endpoint in served.items() if rows[key].source != owner(app, endpoint))
    assert not misplaced, "each row belongs in the matrix of the code that serves it:\n" + "\n".join(misplaced)


def test_a_row_that_names_a_permission_allows_only_roles_that_hold_it(app):
    """All of them, unless the row's note says what else it takes (its author, its own user, ...)."""
    from crm_platform.roles import get_role

    with app.app_context():
        holders = {role: get_role(role).permissions for role in SIGNED_IN}
    wrong = []
    for entry in matrix(app).values():
        if entry.permission:
            allowed = {role for role in SIGNED_IN if role in entry.allow}
            holding = {role for role in SIGNED_IN if entry.permission in holders[role]}
            if not allowed <= holding or (allowed != holding and not entry.note):
                wrong.append(f"{entry.key} ({entry.source}): allows {sorted(allowed)}, "
                             f"{entry.permission} is held by {sorted(holding)}")
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("entry, roles", cases(CORE_ROWS))
def test_core_route_as_each_role(entry, roles, app, world, api_client, page_client, tenant_session):
    check_case(entry, roles, Requests(app, world, api_client, page_client, MAKERS, tenant_session))


@pytest.mark.parametrize("plugin", ["sales_automation", "service_support", "task_dispatch", "customer_insights"])
def test_a_module_that_is_off_answers_404_on_every_row(plugin, app, world, api_client, page_client):
    """Its rows without path parameters (whose answers when on are checked above), as the admin."""
    from crm_platform.testing.authorization import installed_files

    rows = [entry for entry in read_file(installed_files()[plugin], plugin) if not entry.parameters]
    assert len(rows) >= 10
    clients = {True: api_client("acme", "admin"), False: page_client("acme", "admin")}
    answers = {entry.key: clients[entry.is_api].open(entry.rule, method=entry.method).status_code for entry in rows}
    assert {key: status for key, status in answers.items() if status != 404} == {}
