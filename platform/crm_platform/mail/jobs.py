"""The job kinds that send mail, and what a request checks and queues before.

Params hold ids, a purpose or the email asked about, never a token: a token in
the params would sit readable in the jobs table and the jobs API. The handler
makes the token when it sends, so a link is never older than its mail.
Sending twice is a visible duplicate, so the kinds are not idempotent (no retry).
"""
from flask_babel import lazy_gettext as _l
from redis import RedisError
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests

from crm_platform.auth.login import store_password_hash
from crm_platform.auth.passwords import is_usable, unusable_password
from crm_platform.auth.throttle import ThrottleUnavailable, throttle
from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.kinds import register_kind
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.jobs.queue import JobsUnavailable, enqueue
from crm_platform.mail.messages import build_message
from crm_platform.mail.tokens import PURPOSES, unchanged
from crm_platform.models import User

KIND = "send_mail"
RESET_KIND = "password_reset_request"


def reserve_or_refuse(buckets, message):
    """Count a mail request in the throttle's `buckets`: 429 with `message` when one is full.

    When the counters cannot be reached (the same Redis as the jobs, by
    default) the answer is the 503 of every action that starts a job.
    """
    try:
        verdict = throttle.reserve_buckets(buckets)
    except ThrottleUnavailable as exc:
        raise JobsUnavailable() from exc
    if not verdict.allowed:
        raise TooManyRequests(message, retry_after=verdict.retry_after)


def require_queue():
    """Raise JobsUnavailable (503) unless Redis answers, before anything is written.

    An action that writes and then queues mail checks first, so that when Redis
    is down it changes nothing; the enqueue itself still answers 503 should
    Redis go away in between.
    """
    try:
        get_redis().ping()
    except (RedisError, LocalRedisError) as exc:
        raise JobsUnavailable() from exc


def send_later(purpose, user, requested_by=None):
    """Queue the `purpose` mail to `user`; the job belongs to `requested_by` (None: the workspace)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown mail purpose {purpose!r}")
    return enqueue(KIND, requested_by, {"purpose": purpose, "user_id": user.id})


def request_reset_mail(email):
    """Queue, for the workspace in scope, the look-up of the account `email` and its reset mail."""
    return enqueue(RESET_KIND, None, {"email": email.strip().lower()})


def _skip_reason(purpose, user):
    """Why the mail is no longer to be sent, or None; things may have changed since it was queued."""
    if user is None:
        return "user deleted"
    if not user.active:
        return "user deactivated"
    if purpose == "invite" and is_usable(user.password_hash):
        return "password already set"
    return None


def _deliver(purpose, user, ctx):
    """Send the `purpose` mail to `user` unless that no longer makes sense; the job's result."""
    reason = _skip_reason(purpose, user)
    if reason is not None:
        return {"purpose": purpose, "sent": 0, "skipped": reason}
    if purpose != "invite":
        sent = build_message(purpose, user).send()
        ctx.progress(1, 1)
        return {"purpose": purpose, "sent": sent, "to": user.email}
    # Each invitation retires the links sent before it by storing a new unusable
    # value, after sending: a failed send leaves the earlier links working, and the
    # SMTP conversation holds no write lock. Stored only if nothing changed meanwhile
    # (the invitee chose a password with an earlier link, say); the new link then is dead.
    fresh = unusable_password()
    sent = build_message(purpose, user, password_hash=fresh).send()
    stored = store_password_hash(user, fresh, only_if=unchanged(user))
    ctx.progress(1, 1)
    result = {"purpose": purpose, "sent": sent, "to": user.email}
    return result if stored else {**result, "link": "not valid: the user changed while it was sent"}


def send_mail(ctx):
    """Build the message of the job's purpose for its user (link token included) and send it."""
    purpose = ctx.params.get("purpose")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown mail purpose {purpose!r}")
    return _deliver(purpose, db.session.get(User, int(ctx.params["user_id"])), ctx)


def send_reset_if_account(ctx):
    """Look up the workspace's active account with the asked-for email; send it a reset mail if there is one."""
    user = db.session.scalar(select(User).where(User.email == ctx.params["email"], User.active.is_(True)))
    if user is None:
        return {"purpose": "reset", "sent": 0, "skipped": "no active account with this email"}
    return _deliver("reset", user, ctx)


register_kind(KIND, send_mail, _l("Email"), timeout=120, idempotent=False)
register_kind(RESET_KIND, send_reset_if_account, _l("Password reset email"), timeout=120, idempotent=False)
