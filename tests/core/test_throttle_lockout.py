"""Sign-in throttling never locks the real user out (issue #16.3).

Guesses are counted per account and address together, with delays that grow with the
failures: an attacker slows down at their own addresses, the owner signs in from theirs.
Over every address, an account takes at most 100 attempts an hour (ASVS 2.2.1), and a
browser that has signed in before still gets in past that. The clock is moved with
time-machine so that the quarter hours and hours of the documented delays pass at once.
"""
import throttle_support
from crm_platform.testing import PASSWORD, sign_in
from throttle_support import fail, owners_browser, retry_after, token_request

counters, clock = throttle_support.counters, throttle_support.clock
ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}
OWNER_EMAIL = "rep_n1@example.test"


def from_address(n):
    """One of many attackers' addresses."""
    return {"REMOTE_ADDR": f"203.0.113.{n}"}


def wrong_guesses(app, n, address=ATTACKER):
    """`n` wrong passwords on the owner's account from `address`, each from a new browser; their statuses."""
    return [fail(app.test_client(), environ_base=address).status_code for _ in range(n)]


def test_guesses_from_one_address_never_stop_the_owner_signing_in_from_theirs(world, app, clock):
    guesses = wrong_guesses(app, 6)
    clock.shift(61)
    guesses += wrong_guesses(app, 6)
    assert guesses == ([401] * 5 + [429]) * 2  # ten wrong guesses counted, each sixth one refused
    assert token_request(app.test_client(), password=PASSWORD, environ_base=ATTACKER).status_code == 429
    # The owner, in a browser that never signed in before, and through the API (no cookie at all).
    assert sign_in(app.test_client(), "acme", OWNER_EMAIL, environ_base=OWNER).status_code == 302
    assert token_request(app.test_client(), password=PASSWORD, environ_base=OWNER).status_code == 201


def test_an_account_takes_at_most_100_attempts_an_hour_whatever_the_addresses(world, app, clock, counters):
    owner = owners_browser(app, environ_base=OWNER)
    clock.shift(3601)
    guesses = []
    for n in range(25):
        guesses += wrong_guesses(app, 4, from_address(n))
    assert guesses == [401] * 100
    # The 101st attempt is refused from a fresh address, right password or not, for the rest of the hour.
    refused = token_request(app.test_client(), password=PASSWORD, environ_base=from_address(100))
    assert 3500 < retry_after(refused) <= 3600
    assert fail(app.test_client(), environ_base=from_address(101)).status_code == 429
    assert sign_in(app.test_client(), "acme", OWNER_EMAIL, environ_base=OWNER).status_code == 429
    # The browser that signed in before has its own bucket; other accounts are untouched.
    assert sign_in(owner, "acme", OWNER_EMAIL, environ_base=OWNER).status_code == 302
    assert sign_in(app.test_client(), "acme", "rep_n2@example.test", environ_base=from_address(0)).status_code == 302
    clock.shift(3601)
    assert token_request(app.test_client(), password=PASSWORD, environ_base=from_address(100)).status_code == 201


def test_delays_grow_with_the_failures_of_an_address_on_an_account(world, app, clock, counters):
    # Five free; the sixth within a minute waits for that minute.
    assert wrong_guesses(app, 5) == [401] * 5
    assert 55 <= retry_after(fail(app.test_client(), environ_base=ATTACKER)) <= 60
    clock.shift(61)
    # Ten within 15 minutes: the eleventh waits for the quarter hour since the first.
    assert wrong_guesses(app, 5) == [401] * 5
    assert 780 <= retry_after(fail(app.test_client(), environ_base=ATTACKER)) <= 840
    clock.shift(840)
    assert wrong_guesses(app, 5) == [401] * 5
    assert retry_after(fail(app.test_client(), environ_base=ATTACKER)) <= 60
    clock.shift(61)
    # Twenty within the hour: the 21st waits for the hour since the first.
    assert wrong_guesses(app, 5) == [401] * 5
    assert 2500 <= retry_after(fail(app.test_client(), environ_base=ATTACKER)) <= 2640
    clock.shift(2640)
    assert wrong_guesses(app, 1) == [401]


def test_the_delays_apply_to_the_api_and_say_so_in_minutes(world, app):
    for _ in range(5):
        assert token_request(app.test_client()).status_code == 401
    refused = token_request(app.test_client(), password=PASSWORD)
    assert 55 <= retry_after(refused) <= 60
    assert refused.json["error"]["message"] == "Too many sign-in attempts. Try again in 1 minute."


def test_a_browser_that_signed_in_before_has_the_same_delays_of_its_own(world, app, clock):
    owner = owners_browser(app)
    assert [fail(owner).status_code for _ in range(6)] == [401] * 5 + [429]
    clock.shift(61)
    assert sign_in(owner, "acme", OWNER_EMAIL).status_code == 302


def test_an_ipv6_client_is_counted_by_its_64(world, app):
    assert wrong_guesses(app, 5, {"REMOTE_ADDR": "2001:db8:0:1::1"}) == [401] * 5
    assert wrong_guesses(app, 1, {"REMOTE_ADDR": "2001:db8:0:1:ffff::2"}) == [429]
    assert wrong_guesses(app, 1, {"REMOTE_ADDR": "2001:db8:0:2::1"}) == [401]
