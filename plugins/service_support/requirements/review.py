"""The daily review: what each responsible person should look at among their open requirements.

A requirement (new, under review or planned) the user is responsible for is
- **new** when they never reviewed it, or a customer voted or a colleague
  answered since they last did (`reviewed_at`);
- **waiting** when it is under review and nothing happened for `WAITING_DAYS`:
  no answer or status change, no review, and it is older than that.
"Mark reviewed" stamps `reviewed_at`: the new ones leave the list, a waiting one
comes back `WAITING_DAYS` later if still nobody answered. The responsible
person's own answers and status changes count as a review.
"""
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import db, gettext as _, utcnow

from plugins.service_support.models import Requirement, RequirementAnswer, RequirementVote

WAITING_DAYS = 3
"""Days without an answer, a status change or a review after which a requirement under review is waiting."""
OPEN_STATUSES = ("new", "under_review", "planned")
LIMIT = 100


def _is_new(user):
    """The clause: never reviewed, or voted on or answered by someone else since the last review."""
    since = Requirement.reviewed_at
    voted = exists().where(RequirementVote.requirement_id == Requirement.id, RequirementVote.created_at > since)
    answered = exists().where(RequirementAnswer.requirement_id == Requirement.id, RequirementAnswer.created_at > since,
                              or_(RequirementAnswer.author_id.is_(None), RequirementAnswer.author_id != user.id))
    return or_(since.is_(None), voted, answered)


def _is_waiting(cutoff):
    """The clause: under review, older than `cutoff`, and no answer, status change or review since."""
    recent = exists().where(RequirementAnswer.requirement_id == Requirement.id, RequirementAnswer.created_at >= cutoff)
    return and_(Requirement.status == "under_review", Requirement.created_at < cutoff,
                or_(Requirement.reviewed_at.is_(None), Requirement.reviewed_at < cutoff), ~recent)


def review_list(user, now=None):
    """{"new": [...], "waiting": [...]}: the requirements `user` is responsible for that want a look, oldest first."""
    cutoff = (now or utcnow()) - timedelta(days=WAITING_DAYS)
    mine = select(Requirement).where(Requirement.responsible_id == user.id, Requirement.status.in_(OPEN_STATUSES))
    order = (Requirement.created_at, Requirement.id)
    fresh = db.session.scalars(mine.where(_is_new(user)).order_by(*order).limit(LIMIT)).all()
    waiting = db.session.scalars(mine.where(_is_waiting(cutoff), ~_is_new(user)).order_by(*order).limit(LIMIT)).all()
    return {"new": fresh, "waiting": waiting}


def mark_reviewed(user, requirement):
    """Stamp that the responsible person looked at `requirement` now (403 for anyone else); committed."""
    if requirement.responsible_id != user.id:
        raise Forbidden(_("Only the person responsible reviews a requirement."))
    requirement.reviewed_at = utcnow()
    db.session.commit()
    return requirement
