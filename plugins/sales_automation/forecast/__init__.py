"""The forecast: each rep's weighted pipeline by month of expected close, rolled up the org tree, adjusted by managers.

Contract (other features and bench/reports.py call these):
- `rollup.py`: `roll_up(units, figures)`, pure, no database: `units` [(id, parent_id)], `figures`
  {unit_id: amount of the reps placed directly in it}; returns {unit_id: subtotal} where a unit's subtotal is its
  own reps' figures plus its child units' subtotals.
- `service.py`: `forecast(viewer, month_from, month_to, unit_id=None)` -> what the viewer may see: per month, each
  rep (weighted, commit, best_case, pipeline, won, quota, attainment) and each unit with subtotals, and where a
  manager adjusted a figure, the adjustment (amount, note, who, when) beside the original;
  `adjust(actor, month, subject_kind, subject_id, figure, amount, note)` -> ForecastAdjustment (validated; only a
  subject in the actor's remit; not committed).
"""
