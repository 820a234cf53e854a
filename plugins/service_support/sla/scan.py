"""The SLA scan: every few minutes, per workspace, warn before a breach and escalate a breach, each once.

One indexed query finds the open tickets (new or open: a pending, resolved or
closed ticket has no alert) whose `*_alert_at` has come. For each such target:
- its due time has not come yet: a warning (`*_warned_at`, the timeline, a mail to
  the assignee); the alert moves on to the due time;
- its due time has come: a breach (`*_breached_at` = the due time, the timeline)
  escalated as the policy says; the alert is cleared. A breach found before its
  warning was sent skips the warning.
Moving the alert on is what makes a second run find nothing: running twice, or
again after a worker died, does nothing twice. The tickets are read without a
lock, so each write is conditional: it applies only while the ticket is still
open with the alert, due time, assignee and priority the scan read (the UPDATE
then holds the row to the end of the run); a ticket replied to, resolved,
reassigned or re-prioritised meanwhile is left to the next run. The mail goes out
in a job of its own kind (sla/notices.py), its row committed with the scan's
changes (a Redis outage leaves it queued for the tick's recovery).
"""
from sqlalchemy import select, union_all, update
from sqlalchemy.orm.attributes import set_committed_value

from crm_platform.sdk import User, db, enqueue_on_commit, utcnow

from plugins.service_support.managers import nearest_managers
from plugins.service_support.models import SlaPolicy, Ticket
from plugins.service_support.sla import timing
from plugins.service_support.timeline import record_event

KIND = "service_support_sla_scan"
NOTICE_KIND = "service_support_sla_notices"
EVERY = 300
"""Seconds between two scans of a workspace."""
OPEN = ("new", "open")
RAISED = {"low": "normal", "normal": "high", "high": "urgent"}
NOTICES_PER_JOB = 200


def due_for_action(now):
    """The SELECT of the open tickets with a warning or a breach to act on at `now`.

    Each alert column is read through its own index (a UNION ALL of two index
    ranges): with a plain OR, SQLite prefers the queue index and reads every
    open ticket.
    """
    alerted = union_all(select(Ticket.id).where(Ticket.first_response_alert_at <= now),
                        select(Ticket.id).where(Ticket.resolution_alert_at <= now))
    return select(Ticket).where(Ticket.status.in_(OPEN), Ticket.id.in_(alerted))


def managers_for(ticket, _cache=None):
    """Ids of the managers of the assignee's unit, else of the team unit: the nearest unit up the tree that has one.

    The assignee is never one of them (a manager's own ticket goes to those above).
    """
    cache = {} if _cache is None else _cache
    unit_id = None
    if ticket.assignee_id is not None:
        unit_id = db.session.scalar(select(User.org_unit_id).where(User.id == ticket.assignee_id))
    key = (unit_id or ticket.team_unit_id, ticket.assignee_id)
    if key not in cache:
        cache[key] = sorted(user.id for user in nearest_managers(*key))
    return cache[key]


class Scan:
    """One run over a workspace at `now`: what it changed, and the notices to mail."""

    def __init__(self, now):
        self.now = now
        self.notices = []
        self.counts = {"warnings": 0, "breaches": 0}
        self._policies = {}
        self._managers = {}

    def policy(self, ticket):
        """The ticket's policy (cached for the run)."""
        if ticket.sla_policy_id not in self._policies:
            self._policies[ticket.sla_policy_id] = db.session.scalar(
                select(SlaPolicy).where(SlaPolicy.id == ticket.sla_policy_id))
        return self._policies[ticket.sla_policy_id]

    def notify(self, ticket, kind, target, user_ids):
        """Queue a mail of `kind` about `ticket` to `user_ids` (none: nothing)."""
        user_ids = sorted({user_id for user_id in user_ids if user_id is not None})
        if user_ids:
            self.notices.append({"ticket_id": ticket.id, "kind": kind, "target": target, "user_ids": user_ids,
                                 "assignee_id": ticket.assignee_id})

    def claim(self, ticket, target, alert, due, **values):
        """Write `values` of `target` (e.g. alert_at=...) if the ticket is still as read; False when it changed."""
        columns = {f"{target}_{key}": value for key, value in values.items()}
        matched = db.session.execute(
            update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(OPEN),
                                 getattr(Ticket, f"{target}_alert_at") == alert,
                                 getattr(Ticket, f"{target}_due_at").is_not_distinct_from(due),
                                 Ticket.assignee_id.is_not_distinct_from(ticket.assignee_id),
                                 Ticket.priority == ticket.priority)
            .values(**columns).execution_options(synchronize_session=False)).rowcount
        if matched:
            for column, value in columns.items():
                set_committed_value(ticket, column, value)
        return bool(matched)

    def act(self, ticket):
        """Warn or breach each target of `ticket` whose alert has come."""
        for target in timing.TARGETS:
            alert, due = getattr(ticket, f"{target}_alert_at"), getattr(ticket, f"{target}_due_at")
            if alert is None or alert > self.now:
                continue
            if due is None or self.now >= due:
                if self.claim(ticket, target, alert, due, breached_at=due or alert, alert_at=None):
                    self.breach(ticket, target, due or alert)
            elif self.claim(ticket, target, alert, due, warned_at=self.now, alert_at=due):
                record_event(ticket, "sla_warning", at=self.now, target=target, due_at=due.isoformat())
                self.notify(ticket, "warning", target, [ticket.assignee_id])
                self.counts["warnings"] += 1

    def breach(self, ticket, target, due):
        """Record the claimed breach and escalate it as the ticket's policy says."""
        record_event(ticket, "sla_breach", at=self.now, target=target, due_at=due.isoformat())
        self.counts["breaches"] += 1
        policy = self.policy(ticket)
        escalation = policy.escalation if policy is not None else "notify_manager"
        if escalation == "reassign" and self.reassign(ticket, policy.reassign_to_id, target):
            return
        if escalation == "raise_priority":
            if ticket.priority in RAISED:
                old, ticket.priority = ticket.priority, RAISED[ticket.priority]
                record_event(ticket, "sla_priority_raised", at=self.now, target=target, old=old, new=ticket.priority)
            self.notify(ticket, "breach", target, [ticket.assignee_id])
            return
        managers = managers_for(ticket, self._managers)
        record_event(ticket, "sla_managers_notified", at=self.now, target=target, user_ids=managers)
        self.notify(ticket, "breach", target, [ticket.assignee_id, *managers])

    def reassign(self, ticket, user_id, target):
        """Give the ticket to `user_id` when that user is still active; False otherwise (the managers are told)."""
        active = user_id is not None and db.session.scalar(
            select(User.id).where(User.id == user_id, User.active.is_(True)))
        if not active:
            return False
        if ticket.assignee_id != user_id:
            old, ticket.assignee_id = ticket.assignee_id, user_id
            record_event(ticket, "sla_reassigned", at=self.now, target=target, old=old, new=user_id)
        self.notify(ticket, "reassigned", target, [user_id])
        return True


def run_scan(ctx):
    """The scan job: act on every ticket whose alert has come; the job's result counts warnings and breaches."""
    scan = Scan(utcnow())
    tickets = db.session.scalars(due_for_action(scan.now).order_by(Ticket.created_at, Ticket.id)).all()
    for ticket in tickets:
        scan.act(ticket)
    for start in range(0, len(scan.notices), NOTICES_PER_JOB):
        enqueue_on_commit(NOTICE_KIND, None, {"notices": scan.notices[start:start + NOTICES_PER_JOB]})
    return {**scan.counts, "tickets": len(tickets)}
