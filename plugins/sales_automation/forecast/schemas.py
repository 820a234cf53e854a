"""Marshmallow schemas of the forecast, its attainment gauges and managers' adjustments (API and pages alike)."""
from marshmallow import fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, Month, QuerySchema, lazy_gettext as _l, page_schema

from plugins.sales_automation.models.forecasts import ADJUSTED_FIGURES, SUBJECT_KINDS
from plugins.sales_automation.quotas.schemas import LARGEST, SalesMonthRangeQuerySchema, months_in_order


def money(**kwargs):
    """A money figure read-only in the answer, as a string of two places."""
    return fields.Decimal(as_string=True, places=2, dump_only=True, **kwargs)


class SalesForecastQuerySchema(SalesMonthRangeQuerySchema):
    """The months of the forecast and, optionally, one unit's subtree."""

    unit_id = fields.Int(load_default=None, metadata={"description": "only this unit (one in the caller's remit)"})


class SalesAppliedAdjustmentSchema(BaseSchema):
    """A manager's adjustment of one figure, as the caller sees it beside the figure it replaces."""

    figure = fields.Str(dump_only=True)
    original = money(metadata={"description": "the figure as computed now, without this adjustment"})
    original_when_adjusted = money(metadata={"description": "the computed figure when the adjustment was made"})
    amount = money(metadata={"description": "the manager's figure, shown in place of the original"})
    note = fields.Str(dump_only=True)
    adjusted_by_id = fields.Int(dump_only=True)
    adjusted_by = fields.Str(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class SalesForecastCellSchema(BaseSchema):
    """One row's figures of one month (adjusted where the caller sees an adjustment)."""

    month = Month(dump_only=True)
    weighted = money(metadata={"description": "amount × probability of the open opportunities closing in the month"})
    commit = money(metadata={"description": "the weighted figure of the opportunities marked commit"})
    best_case = money(metadata={"description": "the weighted figure of those marked best case"})
    pipeline = money(metadata={"description": "the weighted figure of those marked pipeline"})
    won = money(metadata={"description": "the amount of the opportunities won in the month"})
    quota = money(allow_none=True)
    achieved = money(metadata={"description": "what the quota counts (won or collected) in the month"})
    attainment = fields.Decimal(as_string=True, places=4, allow_none=True, dump_only=True,
                                metadata={"description": "achieved / quota; null without a quota"})
    adjustments = fields.List(fields.Nested(SalesAppliedAdjustmentSchema), dump_only=True)


class SalesForecastRowSchema(BaseSchema):
    """A unit (its subtotal) or a person, in tree order with its depth."""

    kind = fields.Str(dump_only=True, metadata={"description": "unit or user"})
    id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)
    depth = fields.Int(dump_only=True)
    adjustable = fields.Bool(dump_only=True, metadata={"description": "whether the caller may adjust its figures"})
    cells = fields.List(fields.Nested(SalesForecastCellSchema), dump_only=True)


class SalesForecastSchema(BaseSchema):
    """The forecast the caller may see: rows of units and people, and the total per month."""

    months = fields.List(Month(), dump_only=True)
    basis = fields.Str(dump_only=True, metadata={"description": "what quotas count: won or collected"})
    rows = fields.List(fields.Nested(SalesForecastRowSchema), dump_only=True)
    totals = fields.List(fields.Nested(SalesForecastCellSchema), dump_only=True)


class SalesAttainmentQuerySchema(QuerySchema):
    """The month of the attainment gauges (this month by default) and, optionally, one unit."""

    month = Month(load_default=None, metadata={"description": "YYYY-MM"})
    unit_id = fields.Int(load_default=None)


class SalesAdjustmentInputSchema(BaseSchema):
    """A manager's figure for a person's or unit's forecast of a month."""

    month = Month(required=True, metadata={"description": "YYYY-MM"})
    subject_kind = fields.Str(required=True, validate=validate.OneOf(SUBJECT_KINDS))
    subject_id = fields.Int(required=True)
    figure = fields.Str(load_default="weighted", validate=validate.OneOf(ADJUSTED_FIGURES))
    amount = fields.Decimal(required=True, as_string=True, places=2,
                            validate=validate.Range(min=0, max=LARGEST, error=_l("Enter an amount of zero or more.")))
    note = fields.Str(required=True, validate=validate.Length(min=1, max=2000),
                      metadata={"description": "why; required"})


class SalesAdjustmentSchema(BaseSchema):
    """An adjustment as stored (rows are never edited; a later one of the same figure supersedes it)."""

    id = fields.Int(dump_only=True)
    month = Month(dump_only=True)
    subject_kind = fields.Str(dump_only=True)
    subject_id = fields.Int(dump_only=True)
    subject_name = fields.Str(dump_only=True)
    figure = fields.Str(dump_only=True)
    original_amount = money()
    amount = money()
    note = fields.Str(dump_only=True)
    adjusted_by_id = fields.Int(dump_only=True)
    adjusted_by = fields.Str(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


SalesAdjustmentPageSchema = page_schema(SalesAdjustmentSchema, "SalesAdjustmentPage")


class SalesAdjustmentQuerySchema(QuerySchema):
    """Filters of the adjustments' history, besides the cursor and page size."""

    month_from = Month(load_default=None)
    month_to = Month(load_default=None)
    subject_kind = fields.Str(load_default=None, validate=validate.OneOf(SUBJECT_KINDS))
    subject_id = fields.Int(load_default=None)

    @validates_schema
    def _in_order(self, data, **kwargs):
        months_in_order(data)
