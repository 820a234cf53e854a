"""Reports: the sales funnel, win rate and cycle, monthly rep performance and collection; charts, tables, downloads.

Every figure is defined in docs/reports.md. Contract (the monthly email and bench/reports.py call these):
- `scope.py`: `ReportScope(user, date_from, date_to, unit_id=None, rep_id=None)` and `report_scope(user, args)`
  (validated query args; a unit or rep outside the viewer's remit is a 422 field error).
- `performance.py`: `monthly_performance(scope)` -> (rows, totals): a row per rep in the scope with user_id, name,
  calls, visits, emails, meetings, new_customers, customers_followed, won_count, won_amount, contract_amount,
  collected, quota, attainment. It counts only what the scope's viewer may see. Amounts are Decimal; quota is the
  sum of the quotas of the months the period touches (None when none is set) and attainment what the rep achieved
  in those months on the quota basis over it, in percent with one decimal (Decimal, None without a quota).
- `catalogue.py`: `REPORTS` (name -> Report) and `answer(report, scope)`: the tables and charts every page, API
  answer and download of a report is made from.
"""
