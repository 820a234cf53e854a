"""The `send_mail` job kind, and queueing a mail from a request.

Params hold ids and a purpose only (`{"purpose": "invite", "user_id": 5}`): a
token in the params would sit readable in the jobs table and the jobs API. The
handler makes the token when it sends, so a link is never older than its mail.
Sending twice is a visible duplicate, so the kind is not idempotent (no retry).
"""
from flask_babel import lazy_gettext as _l
from redis import RedisError

from crm_platform.auth.passwords import is_usable
from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.kinds import register_kind
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.jobs.queue import JobsUnavailable, enqueue
from crm_platform.mail.messages import build_message
from crm_platform.mail.tokens import PURPOSES
from crm_platform.models import User

KIND = "send_mail"


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


def _skip_reason(purpose, user):
    """Why the mail is no longer to be sent, or None; things may have changed since it was queued."""
    if user is None:
        return "user deleted"
    if not user.active:
        return "user deactivated"
    if purpose == "invite" and is_usable(user.password_hash):
        return "password already set"
    return None


def send_mail(ctx):
    """Build the message of the job's purpose for its user (link token included) and send it."""
    purpose = ctx.params.get("purpose")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown mail purpose {purpose!r}")
    user = db.session.get(User, int(ctx.params["user_id"]))
    reason = _skip_reason(purpose, user)
    if reason is not None:
        return {"purpose": purpose, "sent": 0, "skipped": reason}
    sent = build_message(purpose, user).send()
    ctx.progress(1, 1)
    return {"purpose": purpose, "sent": sent, "to": user.email}


register_kind(KIND, send_mail, _l("Email"), timeout=120, idempotent=False)
