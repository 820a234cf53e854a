"""Throttling of sign-in attempts, per address and per account, without lock-out.

Every attempt is counted (the `limits` library, moving windows) before the password
is checked, so concurrent guesses cannot overrun a limit while the slow hash runs.
An unknown client is counted per address and per account. A browser that has signed
in to the account before holds a signed "device cookie" and is counted only in its
own bucket for that account: someone guessing passwords exhausts the unknown-client
and address buckets, and the real user's own browser still gets in, even behind the
same NAT or proxy address. A success clears the bucket of the account (or device),
never the address's, so one valid account cannot reset an address.

When the counters cannot be reached (Redis down) the action is refused with a 503
(ThrottleUnavailable), never let through uncounted and never a 500.
"""
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse, storage, strategies
from limits.errors import StorageError
from werkzeug.exceptions import ServiceUnavailable

PER_ADDRESS = parse("50/15 minutes")
PER_ACCOUNT = parse("10/15 minutes")
PER_DEVICE = parse("10/15 minutes")
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
        """Where an attempt on `account` from this client counts; the account's bucket last."""
        device = self._device(account)
        if device:
            return [(PER_DEVICE, "device", account, device)]
        return [(PER_ADDRESS, "address", request.remote_addr or "unknown"), (PER_ACCOUNT, "account", account)]

    def reserve(self, account):
        """Count an attempt to sign in to `account`, or refuse it when a limit is reached."""
        return self.reserve_buckets(self._buckets(account))

    def succeeded(self, account):
        """Forget the attempts on `account` from this client (its address's stay counted)."""
        limit, *key = self._buckets(account)[-1]
        with _counting():
            self._limiter().clear(limit, "login", *key)

    def reserve_buckets(self, buckets):
        """Count one action in every one of `buckets`, or in none when one is full; ThrottleUnavailable (503)."""
        limiter = self._limiter()
        # hit() refuses, and does not count, when its bucket is full, atomically per
        # bucket even across workers (a Lua script on Redis). test() first keeps a
        # refused attempt out of the other buckets. The lock makes the pair exact in
        # this process and guards memory://, whose per-key locks are recreated racily.
        with self._reserving, _counting():
            for limit, *key in buckets:
                if not limiter.test(limit, "login", *key):
                    return self._refusal(limit, key)
            for limit, *key in buckets:
                if not limiter.hit(limit, "login", *key):
                    return self._refusal(limit, key)
        return Verdict(True)

    def _refusal(self, limit, key):
        reset = self._limiter().get_window_stats(limit, "login", *key).reset_time
        return Verdict(False, max(1, int(reset - time.time())))

    @staticmethod
    def signup_buckets():
        """Buckets counting workspaces opened from this client's address."""
        return [(SIGNUPS_PER_ADDRESS, "signup", request.remote_addr or "unknown")]

    @staticmethod
    def password_reset_buckets(account):
        """Buckets counting password-reset requests for `account` (an `account_key`) from this client."""
        return [(RESETS_PER_ADDRESS, "reset-address", request.remote_addr or "unknown"),
                (RESETS_PER_ACCOUNT, "reset-account", account)]

    @staticmethod
    def invitation_buckets(tenant_id, email):
        """Buckets counting invitation emails of workspace `tenant_id`, and those to `email` in it."""
        return [(INVITES_PER_WORKSPACE, "invite-workspace", str(tenant_id)),
                (INVITES_PER_INVITEE, "invite-invitee", str(tenant_id), email.strip().lower())]

    @staticmethod
    def password_check_buckets(user):
        """Buckets counting wrong current passwords given by a signed-in user."""
        return [(PER_ACCOUNT, "current-password", str(user.tenant_id), str(user.id))]

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


def account_key(workspace, email):
    """The throttle key of one account: workspace and email, case-folded."""
    return f"{(workspace or '').strip().lower()}:{(email or '').strip().lower()}"


throttle = LoginThrottle()
