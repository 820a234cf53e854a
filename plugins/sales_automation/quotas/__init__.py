"""Quotas: what each rep should win or collect per month, set by their manager, and how much of it they attained.

Contract (the forecast, the reports and the dashboard call these):
- `service.py`: `quota_basis()` ("won" or "collected": the workspace setting); `set_quotas(actor, rows)` with rows
  {user_id, month, amount} (validated: only people in the actor's remit; not committed);
  `attainment(user_ids, month_from, month_to, basis=None, viewer=None)` -> {user_id: {month: Attainment(quota,
  achieved, ratio)}}: achieved is the amount of opportunities won (by the month of closed_at) or of payments
  received on the rep's contracts (by the month of received_on), per the basis, counting only what `viewer` may
  see when given (every page and report passes its viewer); ratio is None without a quota.
"""
