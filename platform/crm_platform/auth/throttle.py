"""Throttling of failed sign-ins, per address and per account, without lock-out.

Failures are counted in moving windows (the `limits` library) in three buckets:
per client address; per account for clients we do not know; and per account and
device for a browser that has signed in to that account before (it holds a signed
"device cookie"). Someone guessing passwords for an account therefore exhausts
only the unknown-client bucket, and the real user's own browser still gets in.
"""
import secrets
import time
from dataclasses import dataclass

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse, storage, strategies

PER_ADDRESS = parse("50/15 minutes")
PER_ACCOUNT = parse("10/15 minutes")
PER_DEVICE = parse("10/15 minutes")
# Workspaces opened from one address; stops scripted mass signups.
SIGNUPS_PER_ADDRESS = parse("20/hour")
DEVICE_COOKIE = "crm_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


@dataclass
class Verdict:
    """The throttle's answer for one attempt."""

    allowed: bool
    retry_after: int = 0


class LoginThrottle:
    """Counts failed sign-ins and says whether another attempt may be made."""

    def init_app(self, app):
        """Connect to the counter storage named by CRM_THROTTLE_STORAGE_URL."""
        backend = storage.storage_from_string(app.config["CRM_THROTTLE_STORAGE_URL"])
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
        address = request.remote_addr or "unknown"
        device = self._device(account)
        account_bucket = (PER_DEVICE, "device", account, device) if device else (PER_ACCOUNT, "account", account)
        return [(PER_ADDRESS, "address", address), account_bucket]

    def check(self, account):
        """May a sign-in to `account` be attempted now?"""
        return self.check_buckets(self._buckets(account))

    def failed(self, account):
        """Count one failed attempt against every bucket it belongs to."""
        self.hit_buckets(self._buckets(account))

    def check_buckets(self, buckets):
        """Verdict for an action counted in `buckets`, a list of (limit, *key)."""
        limiter = self._limiter()
        for limit, *key in buckets:
            if not limiter.test(limit, "login", *key):
                reset = limiter.get_window_stats(limit, "login", *key).reset_time
                return Verdict(False, max(1, int(reset - time.time())))
        return Verdict(True)

    def hit_buckets(self, buckets):
        """Count one action in each of `buckets`."""
        limiter = self._limiter()
        for limit, *key in buckets:
            limiter.hit(limit, "login", *key)

    @staticmethod
    def signup_buckets():
        """Buckets counting workspaces opened from this client's address."""
        return [(SIGNUPS_PER_ADDRESS, "signup", request.remote_addr or "unknown")]

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
        # Keep the last few accounts this browser signed in to.
        data["a"] = ([account] + [a for a in data.get("a", []) if a != account])[:5]
        return self._serializer().dumps(data)


def account_key(workspace, email):
    """The throttle key of one account: workspace and email, case-folded."""
    return f"{(workspace or '').strip().lower()}:{(email or '').strip().lower()}"


throttle = LoginThrottle()
