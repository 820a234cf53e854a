"""Throttling of sign-in attempts, by account and address together, without lock-out.

Every attempt is counted (the `limits` library, moving windows) before the password
is checked, so concurrent guesses cannot overrun a limit while the slow hash runs.
An unknown client is counted three ways:

- per account and address together, with delays that grow with the failures
  (PER_ACCOUNT_AND_ADDRESS): someone guessing from their addresses slows down there
  and only there, and the owner signing in from theirs is not affected;
- per address, over every account (PER_ADDRESS), against one address trying many;
- per account, over every address (PER_ACCOUNT, 100 an hour, ASVS 2.2.1), so that
  no number of addresses buys more guesses at one password.

A browser that has signed in to the account before holds a signed "device cookie"
and is counted only in its own bucket for that account, with the same growing
delays: it still gets in when an attacker has used up the account's hourly
guesses, or its address's, even behind the same NAT or proxy address. A success
clears the failures of the account from that address (or device), never the
address's or the account's hourly count, so one valid account cannot reset an
address and a success of the owner's does not give an attacker a new hundred.

IPv6 clients are counted by their /64, which one subscriber usually holds whole:
otherwise a single client could use a fresh address for every guess.

When the counters cannot be reached (Redis down) the action is refused with a 503
(ThrottleUnavailable), never let through uncounted and never a 500.
"""
import ipaddress
import math
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse, parse_many, storage, strategies
from limits.errors import StorageError
from werkzeug.exceptions import ServiceUnavailable

# Sign-in by one client on one account, failures or not: five attempts in a row are
# free, then the delays grow. The sixth within a minute waits for that minute, the
# eleventh within 15 minutes for the quarter hour, the 21st within an hour for the hour.
PER_ACCOUNT_AND_ADDRESS = parse_many("5/minute; 10/15 minutes; 20/hour")
# A browser holding the account's device cookie: its own bucket, the same delays.
PER_DEVICE = PER_ACCOUNT_AND_ADDRESS
# Sign-in to any account from one address (password spraying).
PER_ADDRESS = parse("50/15 minutes")
# Sign-in to one account by every client without its device cookie together.
PER_ACCOUNT = parse("100/hour")
# Wrong current passwords given on the account page by a signed-in user.
CURRENT_PASSWORD = parse("10/15 minutes")
# Workspaces opened from one address; stops scripted mass signups.
SIGNUPS_PER_ADDRESS = parse("20/hour")
# Password-reset requests: per address against scripted probing, per account so
# nobody can flood a user's mailbox; counted alike whether the account exists.
RESETS_PER_ADDRESS = parse("20/hour")
RESETS_PER_ACCOUNT = parse("5/hour")
# Invitation emails: per workspace, so a workspace opened for it cannot use our
# mail server to spam; per invitee (workspace + email), so nobody's mailbox is flooded.
INVITES_PER_WORKSPACE = parse("200/day")
INVITES_PER_INVITEE = parse("5/hour")
DEVICE_COOKIE = "crm_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


class ThrottleUnavailable(ServiceUnavailable):
    """The counter storage cannot be reached: the action is refused (503) rather than let through uncounted."""

    description = _l("Sign-in protection is unavailable right now; nothing was done. Try again in a minute.")


class RateLimitUnavailable(ThrottleUnavailable):
    """A plugin's rate limit cannot be counted (Redis down): refused with 503, like sign-ins."""

    description = _l("This page cannot take posts right now; nothing was done. Try again in a minute.")


@contextmanager
def _counting():
    """Storage errors (Redis down) become ThrottleUnavailable."""
    try:
        yield
    except StorageError as exc:
        raise ThrottleUnavailable() from exc


@dataclass
class Verdict:
    """The throttle's answer for one attempt."""

    allowed: bool
    retry_after: int = 0


class LoginThrottle:
    """Counts sign-in attempts and says whether another may be made."""

    def __init__(self):
        self._reserving = threading.Lock()

    def init_app(self, app):
        """Connect to the counter storage named by CRM_THROTTLE_STORAGE_URL."""
        # Wrapped, so that every backend's connection errors are one StorageError.
        backend = storage.storage_from_string(app.config["CRM_THROTTLE_STORAGE_URL"], wrap_exceptions=True)
        app.extensions["crm_login_throttle"] = strategies.MovingWindowRateLimiter(backend)

    @staticmethod
    def _limiter():
        return current_app.extensions["crm_login_throttle"]

    @staticmethod
    def _serializer():
        return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="crm-device")

    def _device(self, account):
        """The device id from a valid device cookie issued for `account`, else None."""
        raw = request.cookies.get(DEVICE_COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer().loads(raw)
        except BadSignature:
            return None
        return data.get("d") if account in data.get("a", []) else None

    def _buckets(self, account):
        """Where an attempt on `account` from this client counts."""
        device = self._device(account)
        if device:
            return [(limit, "device", account, device) for limit in PER_DEVICE]
        address = client_address()
        return [(PER_ADDRESS, "address", address),
                *[(limit, "account-address", account, address) for limit in PER_ACCOUNT_AND_ADDRESS],
                (PER_ACCOUNT, "account", account)]

    def reserve(self, account):
        """Count an attempt to sign in to `account`, or refuse it when a limit is reached."""
        return self.reserve_buckets(self._buckets(account))

    def succeeded(self, account):
        """Forget the attempts on `account` from this client (its address's and the account's hour stay counted)."""
        with _counting():
            for limit, kind, *key in self._buckets(account):
                if kind in ("account-address", "device"):
                    self._limiter().clear(limit, "login", kind, *key)

    def reserve_buckets(self, buckets):
        """Count one action in every one of `buckets`, or in none when one is full; ThrottleUnavailable (503)."""
        limiter = self._limiter()
        # hit() refuses, and does not count, when its bucket is full, atomically per
        # bucket even across workers (a Lua script on Redis). test() first keeps a
        # refused attempt out of the other buckets. The lock makes the pair exact in
        # this process and guards memory://, whose per-key locks are recreated racily.
        with self._reserving, _counting():
            full = [(limit, key) for limit, *key in buckets if not limiter.test(limit, "login", *key)]
            if full:
                # The longest wait: Retry-After is when an attempt would be accepted again.
                return Verdict(False, max(self._wait(limit, key) for limit, key in full))
            for limit, *key in buckets:
                if not limiter.hit(limit, "login", *key):
                    return Verdict(False, self._wait(limit, key))
        return Verdict(True)

    def _wait(self, limit, key):
        """Whole seconds until the bucket `key` of `limit` takes an attempt again (at least 1)."""
        reset = self._limiter().get_window_stats(limit, "login", *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    @staticmethod
    def signup_buckets():
        """Buckets counting workspaces opened from this client's address."""
        return [(SIGNUPS_PER_ADDRESS, "signup", client_address())]

    @staticmethod
    def password_reset_buckets(account):
        """Buckets counting password-reset requests for `account` (an `account_key`) from this client."""
        return [(RESETS_PER_ADDRESS, "reset-address", client_address()),
                (RESETS_PER_ACCOUNT, "reset-account", account)]

    @staticmethod
    def invitation_buckets(tenant_id, email):
        """Buckets counting invitation emails of workspace `tenant_id`, and those to `email` in it."""
        return [(INVITES_PER_WORKSPACE, "invite-workspace", str(tenant_id)),
                (INVITES_PER_INVITEE, "invite-invitee", str(tenant_id), email.strip().lower())]

    @staticmethod
    def password_check_buckets(user):
        """Buckets counting wrong current passwords given by a signed-in user."""
        return [(CURRENT_PASSWORD, "current-password", str(user.tenant_id), str(user.id))]

    def device_cookie_for(self, account):
        """A device-cookie value that also vouches for `account` from now on."""
        data = {"d": secrets.token_hex(8), "a": []}
        raw = request.cookies.get(DEVICE_COOKIE)
        if raw:
            try:
                data = self._serializer().loads(raw)
            except BadSignature:
                pass
        # Capped so the cookie stays small on a shared browser; an account that drops
        # off is only counted as an unknown client again.
        data["a"] = ([account] + [a for a in data.get("a", []) if a != account])[:5]
        return self._serializer().dumps(data)


def rate_limit(limit, *key):
    """Count one action against `limit` ("20/hour") in the bucket named by `key`; a Verdict (allowed, retry_after).

    For plugins' public pages: the counters are the sign-in throttle's (Redis in
    production), so a limit holds across workers. RateLimitUnavailable (a 503) when
    they cannot be reached: the action is refused, never let through uncounted.
    """
    try:
        return throttle.reserve_buckets([(parse(limit), "plugin", *map(str, key))])
    except ThrottleUnavailable as exc:
        raise RateLimitUnavailable() from exc


def client_address():
    """This request's client as the throttle counts it: its address, or for IPv6 its /64 network."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ip.ipv4_mapped or ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


def account_key(workspace, email):
    """The throttle key of one account: workspace and email, case-folded."""
    return f"{(workspace or '').strip().lower()}:{(email or '').strip().lower()}"


throttle = LoginThrottle()
