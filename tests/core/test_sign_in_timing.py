"""Sign-in costs the same whether or not the account exists (no account oracle in its timing).

The one ratio test of the suite (issue #16.1 asks for it): the medians of wrong passwords
for a real account and of unknown emails and workspaces, measured in the same run and
interleaved and rotated so that no path is favoured by its place. It runs with the
production argon2 cost, so that the hash dominates the request as it does in production.

What is timed is the CPU time the process spends on each request, the work an attacker's
stopwatch measures: on a machine shared with other test runs, wall-clock medians swing by
more than 20% with the neighbours' load, while the defect (two hashes for an unknown
account, one for a real one) shows as the same 2x in either clock.
"""
import statistics
import time

import pytest

from crm_platform.testing import sign_in

REAL_COST = {"CRM_PASSWORD_TIME_COST": 3, "CRM_PASSWORD_MEMORY_COST": 65536}  # config.py's defaults
ROUNDS = 9
PATHS = {"wrong password": ("acme", "timed@example.test"), "unknown email": ("acme", "nobody@example.test"),
         "unknown workspace": ("no-such-workspace", "timed@example.test")}


def attempt(app, via, workspace, email, n):
    """One wrong sign-in from an address of its own (so the throttle never answers instead); its seconds."""
    client = app.test_client()
    address = {"environ_base": {"REMOTE_ADDR": f"198.51.100.{n}"}}
    started = time.process_time()
    if via == "api":
        response = client.post("/api/v1/tokens", json={"workspace": workspace, "email": email,
                                                       "password": "not the password"}, **address)
    else:
        response = sign_in(client, workspace, email, "not the password", **address)
    elapsed = time.process_time() - started
    assert response.status_code == 401
    return elapsed


@pytest.mark.app_config(**REAL_COST)
@pytest.mark.parametrize("via", ["api", "form"])
def test_unknown_accounts_cost_what_a_wrong_password_costs(world, app, api_client, via):
    # Hashed with the real cost, unlike the world's users (built with the tests' cheap one).
    created = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "Timed", "email": "timed@example.test", "password": "a long password"})
    assert created.status_code == 201
    for name, (workspace, email) in PATHS.items():  # warm-up: first requests, first dummy hash
        attempt(app, via, workspace, email, 200)
    times = {name: [] for name in PATHS}
    names = list(PATHS)
    for n in range(ROUNDS):
        # Each path takes each place in a round in turn: no path always runs first.
        for name in names[n % 3:] + names[:n % 3]:
            times[name].append(attempt(app, via, *PATHS[name], n))
    medians = {name: statistics.median(values) for name, values in times.items()}
    known = medians["wrong password"]
    for name in ("unknown email", "unknown workspace"):
        assert 1 / 1.2 <= medians[name] / known <= 1.2, medians
