"""The forecast a viewer sees, rolled up their part of the org tree, and managers' adjustments of it.

Rules (docs/reports.md, Forecast): a rep's figure a viewer sees is the adjustment
they see (figures.seen_adjustments) or else the computed one; a unit's subtotal adds up
the figures its viewer sees of its reps and child units, and an adjustment of the unit
replaces its subtotal in what its parent adds up. Each figure is adjusted on its own.
"""
from decimal import Decimal

from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import db, gettext as _, has_permission

from plugins.sales_automation.forecast import figures
from plugins.sales_automation.forecast.rollup import children_of, roll_up
from plugins.sales_automation.models import ForecastAdjustment
from plugins.sales_automation.models.forecasts import ADJUSTED_FIGURES, SUBJECT_KINDS
from plugins.sales_automation.permissions import FORECAST_ADJUST
from plugins.sales_automation.quotas.service import (
    attainment, month_start, months_between, quota_basis, ratio, won_by_month,
)

ZERO = Decimal("0.00")
SUMMED = ("weighted", "commit", "best_case", "pipeline", "won", "quota", "achieved")
"""The figures of a cell that add up the tree (attainment is worked out again from quota and achieved)."""


def may_adjust(user):
    """Whether `user` may adjust forecasts at all (`sales.forecast_adjust`; only subjects in their remit)."""
    return has_permission(user, FORECAST_ADJUST)


def adjustable(viewer, kind, subject_id):
    """Whether `viewer` may adjust this row: a unit in their remit, or a person in it other than themselves."""
    return may_adjust(viewer) and (kind == "unit" or subject_id != viewer.id)


def _rep_cells(viewer, person_ids, months, basis):
    """{(user id, month): cell of computed figures} of the people, of the opportunities and contracts `viewer` sees."""
    pipeline = figures.pipeline_by_month(person_ids, months, viewer) if person_ids else {}
    attained = attainment(person_ids, months[0], months[-1], basis, viewer=viewer)
    if basis == "won":
        # Attainment has just summed what each rep won per month: the same figure, not a second pass over the deals.
        won = {(user_id, month): done.achieved for user_id, by_month in attained.items()
               for month, done in by_month.items()}
    else:
        won = won_by_month(person_ids, months, viewer) if person_ids else {}
    cells = {}
    for user_id in person_ids:
        for month in months:
            cell = dict(pipeline.get((user_id, month)) or dict.fromkeys(figures.CATEGORIES, ZERO))
            cell["weighted"] = sum(cell[category] for category in figures.CATEGORIES)
            quota = attained[user_id][month]
            cell.update(won=won.get((user_id, month), ZERO), quota=quota.quota, achieved=quota.achieved)
            cells[user_id, month] = cell
    return cells


def _adjusted(cell, month, kind, subject_id, seen, names):
    """`cell` with the adjustments the viewer sees of it applied, each listed beside the figure it replaces."""
    cell = dict(cell, adjustments=[])
    for figure in ADJUSTED_FIGURES:
        row = seen.get((month, kind, subject_id, figure))
        if row is not None:
            cell["adjustments"].append({"figure": figure, "original": cell[figure], "amount": row.amount,
                                        "original_when_adjusted": row.original_amount, "note": row.note,
                                        "adjusted_by_id": row.adjusted_by_id,
                                        "adjusted_by": names.get(row.adjusted_by_id, ""),
                                        "created_at": row.created_at})
            cell[figure] = row.amount
    cell["attainment"] = ratio(cell["achieved"], cell["quota"])
    return cell


def _unit_cells(units, person_units, rep_cells, month, seen, names):
    """({unit id: cell}, top-level cell) of one month: every summed figure rolled up, unit adjustments applied."""
    pairs = [(unit_id, parent_id) for unit_id, _, parent_id in units]
    children = children_of(pairs)
    unit_cells = {unit_id: {} for unit_id, _, _ in units}
    total = {}
    for name in SUMMED:
        direct, loose = {}, ZERO
        for user_id, unit_id in person_units.items():
            value = rep_cells[user_id][name] or ZERO
            if unit_id in unit_cells:
                direct[unit_id] = direct.get(unit_id, ZERO) + value
            else:
                loose += value
        overrides = {unit_id: seen[month, "unit", unit_id, name].amount for unit_id in unit_cells
                     if (month, "unit", unit_id, name) in seen}
        subtotals = roll_up(pairs, direct, overrides)
        for unit_id in unit_cells:
            # What the unit adds up to before its own adjustment: the original shown beside that adjustment.
            unit_cells[unit_id][name] = sum((subtotals[child] for child in children.get(unit_id, [])),
                                            direct.get(unit_id, ZERO))
        total[name] = loose + sum((subtotals[root] for root in children.get(None, [])), ZERO)
    for unit_id in unit_cells:
        unit_cells[unit_id] = _adjusted(unit_cells[unit_id], month, "unit", unit_id, seen, names)
    total["attainment"] = ratio(total["achieved"], total["quota"])
    return unit_cells, total


def _ordered_rows(units, persons):
    """[(kind, id, name, depth)] in tree order: a unit, its own people, then its child units; unplaced people first."""
    placed = {unit_id for unit_id, _, _ in units}
    names = {unit_id: name for unit_id, name, _ in units}
    children = children_of([(unit_id, parent_id) for unit_id, _, parent_id in units])
    members = {}
    for user_id, name, unit_id in persons:
        members.setdefault(unit_id if unit_id in placed else None, []).append((user_id, name))
    rows = [("user", user_id, name, 0) for user_id, name in members.get(None, [])]
    stack = [(root, 0) for root in sorted(children.get(None, []), key=lambda u: names[u], reverse=True)]
    while stack:
        unit_id, depth = stack.pop()
        rows.append(("unit", unit_id, names[unit_id], depth))
        rows.extend(("user", user_id, name, depth + 1) for user_id, name in members.get(unit_id, []))
        stack.extend((child, depth + 1) for child in sorted(children.get(unit_id, []), key=lambda u: names[u],
                                                             reverse=True))
    return rows


def forecast(viewer, month_from, month_to, unit_id=None):
    """What `viewer` may see of the forecast, per month: each person and unit (subtotals), adjustments, the total.

    {"months", "basis", "rows": [{kind, id, name, depth, adjustable, cells: [cell per month]}], "totals"}; a cell
    holds weighted, commit, best_case, pipeline, won, quota, achieved, attainment and the adjustments applied.
    A `unit_id` outside the viewer's remit (or another workspace's) is a field error.
    """
    months = months_between(month_from, month_to)
    units = figures.visible_units(viewer, unit_id)
    if units is None:
        raise ValidationError({"unit_id": [_("Choose one of the units you can see.")]})
    persons = figures.people(viewer, [u for u, _, _ in units], unit_id)
    person_ids = [user_id for user_id, _, _ in persons]
    basis = quota_basis()
    computed = _rep_cells(viewer, person_ids, months, basis) if months else {}
    seen = figures.seen_adjustments(viewer, months, person_ids, [u for u, _, _ in units]) if months else {}
    names = figures.user_names({row.adjusted_by_id for row in seen.values()})
    person_units = {user_id: place for user_id, _, place in persons}
    cells, totals = {}, []
    for month in months:
        reps = {user_id: _adjusted(computed[user_id, month], month, "user", user_id, seen, names)
                for user_id in person_ids}
        unit_cells, total = _unit_cells(units, person_units, reps, month, seen, names)
        for user_id, cell in reps.items():
            cells["user", user_id, month] = cell
        for unit, cell in unit_cells.items():
            cells["unit", unit, month] = cell
        totals.append(dict(total, month=month))
    rows = [{"kind": kind, "id": subject, "name": name, "depth": depth,
             "adjustable": adjustable(viewer, kind, subject),
             "cells": [dict(cells[kind, subject, month], month=month) for month in months]}
            for kind, subject, name, depth in _ordered_rows(units, persons)]
    return {"months": months, "basis": basis, "rows": rows, "totals": totals}


def subject_row(view, kind, subject_id):
    """The row of `view` (a forecast) of this subject, or None."""
    return next((row for row in view["rows"] if row["kind"] == kind and row["id"] == subject_id), None)


def adjust(actor, month, subject_kind, subject_id, figure, amount, note):
    """Record `actor`'s figure for a person's or unit's forecast of `month`, with a note; the new row (not committed).

    403 without `sales.forecast_adjust`; field errors (422) for a subject outside
    the actor's remit (another workspace's alike), the actor's own figure, an
    unknown figure, a negative amount or a blank note. The computed figure is kept.
    """
    if not may_adjust(actor):
        raise Forbidden(_("Only a manager may adjust the forecast."))
    errors = {}
    if subject_kind not in SUBJECT_KINDS:
        errors["subject_kind"] = [_("Adjust a person's or a unit's figure.")]
    if figure not in ADJUSTED_FIGURES:
        errors["figure"] = [_("Choose the weighted, commit or best case figure.")]
    if amount is None or Decimal(amount) < 0:
        errors["amount"] = [_("The adjusted figure cannot be negative.")]
    if not (note or "").strip():
        errors["note"] = [_("Say why you adjust the figure.")]
    month = month_start(month)
    row = None
    if subject_kind in SUBJECT_KINDS:
        row = subject_row(forecast(actor, month, month), subject_kind, subject_id)
        if row is None:
            errors["subject_id"] = [_("Choose a person or unit in your team.")]
        elif subject_kind == "user" and subject_id == actor.id:
            errors["subject_id"] = [_("Your own forecast is adjusted by your manager.")]
    if errors:
        raise ValidationError(errors)
    cell = row["cells"][0]
    # The figure before any adjustment the actor sees (a unit's: what its reps and child units add up to).
    shown = next((seen for seen in cell["adjustments"] if seen["figure"] == figure), None)
    original = shown["original"] if shown else cell[figure]
    adjustment = ForecastAdjustment(month=month, subject_kind=subject_kind, subject_id=subject_id, figure=figure,
                                    original_amount=original, amount=Decimal(amount).quantize(Decimal("0.01")),
                                    note=note.strip(), adjusted_by_id=actor.id)
    db.session.add(adjustment)
    db.session.flush()
    return adjustment

