"""The daily job that mails each manager last month's team report, once, from the month's first working day on.

It runs every morning; on the workspace's first working day of the month (or,
when that day's run was missed or a mail failed, on any later day of the month)
it sends last month's report to every manager and executive who has not opted
out and has not had it yet (service.recipients). Each mail is claimed first: a
`ReportEmailSent` row (unique per user and month) is committed before the mail
goes, so a rerun, or two runs at once, never send a second copy. A mail the
server refuses gives its claim back, to be tried again at the next run; the
others still go.
"""
import logging
from datetime import time

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from crm_platform.sdk import (
    JobKind, Schedule, db, lazy_gettext as _l, send_email, utcnow, workspace_calendar, workspace_today,
)

from plugins.sales_automation.models import ReportEmailSent
from plugins.sales_automation.report_email.message import report_message
from plugins.sales_automation.report_email.service import recipients
from plugins.sales_automation.report_email.timing import month_due

log = logging.getLogger(__name__)

KIND = "sales_automation_report_email"


def _claim(user, month):
    """Commit that `user`'s report for `month` is being sent; None when another run claimed it first."""
    claim = ReportEmailSent(user_id=user.id, month=month, sent_at=utcnow())
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return claim.id


def _release(claim_id):
    """Give back a claim whose mail did not go, so the next run tries again."""
    db.session.rollback()
    db.session.execute(delete(ReportEmailSent).where(ReportEmailSent.id == claim_id))
    db.session.commit()


def send_reports(ctx):
    """The job: last month's report to each manager due it, when it is due; counts sent and failed."""
    today = workspace_today()
    month = month_due(workspace_calendar(), today)
    if month is None:
        return {"today": today.isoformat(), "month": None, "sent": 0, "failed": 0}
    due = recipients(month)
    sent = failed = 0
    for done, user in enumerate(due, start=1):
        claim_id = _claim(user, month)
        if claim_id is not None:
            try:
                sent += send_email(user.email, *report_message(user, month))
            except Exception:  # one refused mail (or one bad report) must not lose the others
                failed += 1
                _release(claim_id)
                log.warning("monthly report of %s for user %s not sent", month, user.id, exc_info=True)
        ctx.progress(done, len(due))
    return {"today": today.isoformat(), "month": month.isoformat(), "sent": sent, "failed": failed}


# Claims make a second run send nothing new, so a run whose worker died is simply run again.
KINDS = [JobKind(KIND, send_reports, _l("Monthly team report email"), timeout=3600, idempotent=True)]
SCHEDULES = [Schedule("sales_automation_monthly_report_email", KIND, every="daily", at=time(7, 0))]
