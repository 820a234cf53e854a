"""What happens to a ticket, announced inside the module so each feature reacts in its own package.

The tickets feature sends these (blinker signals, synchronous, inside the
request's transaction); the SLA clocks, the follow-ups and the surveys connect
to them in their own modules. A receiver that raises aborts the change, so the
ticket and its consequences are written together or not at all.
"""
from blinker import Namespace

_signals = Namespace()

ticket_created = _signals.signal("service-ticket-created")
"""A ticket was created: sender is the Ticket (flushed, with an id); kwargs `actor` (a User or None), `at`."""

ticket_changed = _signals.signal("service-ticket-changed")
"""Fields other than the status changed: sender the Ticket; `actor`, `at`, `changes` {field: (old, new)}.

Fields announced: priority, category, assignee_id, team_unit_id, customer_id, contact_id.
"""

ticket_status_changed = _signals.signal("service-ticket-status-changed")
"""The status moved: sender the Ticket (status already set); `actor`, `at`, `old`, `new`, `previous_resolved_at`.

Reopening is `old` resolved/closed to `new` open; the ticket's reopen_count is already raised and its
`resolved_at` already cleared, so `previous_resolved_at` (the ticket's `resolved_at` before the move, or None)
tells when the resolution that a reopening undoes was made.
"""

ticket_replied = _signals.signal("service-ticket-replied")
"""A public reply was added: sender the Ticket; `actor`, `at`, `message` (the TicketMessage, flushed)."""

survey_answered = _signals.signal("service-survey-answered")
"""A customer answered a satisfaction survey: sender the Survey (score and comment set); `at`."""
