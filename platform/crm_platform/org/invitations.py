"""Invitations: a user added without a password chooses theirs through an emailed link.

Until then the user's stored password is unusable (auth/passwords.py), so they
cannot sign in, and the users list shows the invitation as pending. The mail is
sent by a `send_mail` job (mail/jobs.py); the link dies once a password is set,
after CRM_INVITATION_VALID_HOURS, or when a newer invitation has been sent.
Invitations are throttled per workspace and per invitee (auth/throttle.py).
"""
from flask_babel import gettext as _
from werkzeug.exceptions import Conflict

from crm_platform.auth.passwords import is_usable
from crm_platform.auth.throttle import throttle
from crm_platform.jobs.fairness import TooManyJobs, check_room
from crm_platform.jobs.queue import JobsUnavailable
from crm_platform.mail.jobs import require_queue, reserve_or_refuse, send_later
from crm_platform.org import service


class InvitationNotQueued(JobsUnavailable):
    """The user was added, but Redis went away before their invitation was queued (503)."""

    def __init__(self, user, too_many_jobs=False):
        if too_many_jobs:
            message = _("%(name)s (id %(id)d) was added, but the invitation email could not be queued because the "
                        "workspace has too many background jobs waiting. Send it again with \"Resend invitation\" "
                        "when some of them have finished.", name=user.name, id=user.id)
        else:
            message = _("%(name)s (id %(id)d) was added, but the invitation email could not be queued because "
                        "background jobs are unavailable. Send it again with \"Resend invitation\" in a minute.",
                        name=user.name, id=user.id)
        super().__init__(message)
        self.user = user


def _reserve(inviter, email):
    """Count one invitation to `email` in the inviter's workspace, or refuse it (429; 503 when Redis is down)."""
    reserve_or_refuse(throttle.invitation_buckets(inviter.tenant_id, email),
                      _("Too many invitations were sent from this workspace or to this person. Try again later."))


def add_user(data, inviter):
    """Add a user; without a password, also queue their invitation (once they are active). Returns the user.

    When Redis is down (JobsUnavailable) or the workspace has as many jobs as
    it may (TooManyJobs, 429) nothing is written; should either happen between
    the check and the enqueue, the user exists and InvitationNotQueued says so,
    and the invitation can be resent.
    """
    inviting = not data.get("password") and data.get("active", True)
    if inviting:
        _reserve(inviter, data["email"])
        require_queue()
        check_room()
    user = service.create_user(data)
    if inviting:
        try:
            send_later("invite", user, inviter)
        except JobsUnavailable as exc:
            raise InvitationNotQueued(user) from exc
        except TooManyJobs as exc:
            raise InvitationNotQueued(user, too_many_jobs=True) from exc
    return user


def resend(user, inviter):
    """Queue a new invitation to `user`; once it is sent, the links sent before stop working. Returns the job.

    Nothing but the job is written here: the worker retires the earlier links
    when it has sent the new one (mail/jobs.py), so a failed enqueue or send
    leaves them working.
    """
    if not user.active:
        raise Conflict(_("%(name)s is deactivated; activate the account before inviting.", name=user.name))
    if is_usable(user.password_hash):
        raise Conflict(_("%(name)s has already chosen a password.", name=user.name))
    _reserve(inviter, user.email)
    require_queue()
    return send_later("invite", user, inviter)
