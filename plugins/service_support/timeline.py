"""A ticket's timeline: every feature records what happened to a ticket here, and the ticket page reads it."""
from crm_platform.sdk import db, lazy_gettext as _l, utcnow

from plugins.service_support.models import TicketEvent

EVENT_LABELS = {
    # Each feature adds the kinds it records (one line each), so the page can name them in the reader's language.
    "created": _l("Created"),
    "status_changed": _l("Status changed"),
    "reopened": _l("Reopened"),
    "changed": _l("Details changed"),
    "replied": _l("Public reply"),
    "noted": _l("Internal note"),
    "file_added": _l("File attached"),
    "file_deleted": _l("File deleted"),
    "follow_up_planned": _l("Return visit planned"),
    "follow_up_done": _l("Return visit done"),
    "survey_sent": _l("Satisfaction survey sent"),
    "survey_answered": _l("Satisfaction survey answered"),
    "dispatched": _l("Dispatched"),
    "dispatch_assigned": _l("Assigned through task dispatch"),
    "dispatch_started": _l("Dispatch task started"),
    "dispatch_done": _l("Dispatch task done"),
    "dispatch_cancelled": _l("Dispatch task cancelled"),
    "sla_policy": _l("SLA policy applied"),
    "sla_not_counted": _l("SLA due time not counted"),
    "sla_warning": _l("SLA warning"),
    "sla_breach": _l("SLA breached"),
    "sla_managers_notified": _l("Managers notified of the SLA breach"),
    "sla_priority_raised": _l("Priority raised after the SLA breach"),
    "sla_reassigned": _l("Reassigned after the SLA breach"),
}


def record_event(ticket, kind, actor_id=None, at=None, **detail):
    """Add a `kind` line to `ticket`'s timeline (no commit); `detail` must be JSON (ids, names, old and new values)."""
    event = TicketEvent(ticket_id=ticket.id, kind=kind, actor_id=actor_id, detail=detail, created_at=at or utcnow())
    db.session.add(event)
    return event


def event_label(kind):
    """The readable name of an event kind (the kind itself when no feature named it)."""
    return EVENT_LABELS.get(kind, kind)
