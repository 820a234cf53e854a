"""Reports: the sales funnel, win rate and cycle, monthly rep performance and collection; charts, tables, downloads.

Every figure is defined in docs/reports.md. Contract (the monthly email and bench/reports.py call these):
- `scope.py`: `ReportScope(user, date_from, date_to, unit_id=None, rep_id=None)` and `report_scope(user, args)`
  (validated query args; a unit or rep outside the viewer's remit is a 422 field error).
- `performance.py`: `monthly_performance(scope)` -> (rows, totals): a row per rep in the scope with user_id, name,
  calls, visits, emails, meetings, new_customers, customers_followed, won_count, won_amount, contract_amount,
  collected, quota, attainment. It counts only what the scope's viewer may see.
"""
