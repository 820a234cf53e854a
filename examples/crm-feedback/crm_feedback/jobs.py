"""Background work: a daily digest of the workspace's feedback, started by the core's scheduler."""
from datetime import time, timedelta

from sqlalchemy import case, func, select

from crm_platform.sdk import JobKind, Schedule, db, lazy_gettext as _l, utcnow

from crm_feedback.models import FeedbackNote
from crm_feedback.notes import settings

DIGEST = "crm_feedback_digest"


def daily_digest(ctx):
    """Summarise the last day's notes: how many, how many need attention, their average; the job's result."""
    since = utcnow() - timedelta(days=1)
    alert_at = settings()["min_rating_alert"]
    # Runs as the workspace (ctx.user is None): every note of the workspace counts,
    # whoever may see it; the summary holds counts only, no customer names.
    notes, low, average = db.session.execute(
        select(func.count(FeedbackNote.id),
               func.coalesce(func.sum(case((FeedbackNote.rating <= alert_at, 1), else_=0)), 0),
               func.avg(FeedbackNote.rating))
        .where(FeedbackNote.created_at >= since)).one()
    ctx.progress(notes, notes)
    return {"since": since.isoformat(), "notes": notes, "needs_attention": int(low),
            "average_rating": None if average is None else round(float(average), 2)}


# Counting twice does no harm, so a digest whose worker died is simply run again.
KINDS = [JobKind(DIGEST, daily_digest, _l("Feedback digest"), timeout=300, idempotent=True)]
SCHEDULES = [Schedule("crm_feedback_daily_digest", DIGEST, every="daily", at=time(7, 0))]
