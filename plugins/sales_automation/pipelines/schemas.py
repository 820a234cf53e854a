"""Marshmallow schemas of the pipelines feature: pipelines, stages, opportunities, moves and the board."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.sales_automation.exact import money_amount
from plugins.sales_automation.models.opportunities import FORECAST_CATEGORIES, STAGE_KINDS
from plugins.sales_automation.pipelines.board import COLUMN_PAGE, SORTS

# Year 0000 matches \d{4} but is no date (a 500 from date.fromisoformat before).
MONTH = validate.Regexp(r"^(?!0000)\d{4}-(0[1-9]|1[0-2])$", error=_l("Use a month as YYYY-MM."))
MONEY = {"as_string": True, "places": 2}


class SalesStageSchema(BaseSchema):
    """A stage of a pipeline; `position` orders open stages (won and lost always come last)."""

    id = fields.Int(dump_only=True)
    pipeline_id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    probability = fields.Int(required=True, validate=validate.Range(min=0, max=100),
                             metadata={"description": "default probability of winning from this stage, 0 to 100"})
    kind = fields.Str(dump_only=True, validate=validate.OneOf(STAGE_KINDS))
    position = fields.Int(dump_only=True)


class SalesStageUpdateSchema(BaseSchema):
    """A change to a stage: any of name, probability, and (open stages) its place among the open stages."""

    name = fields.Str(validate=validate.Length(min=1, max=100))
    probability = fields.Int(validate=validate.Range(min=0, max=100))
    position = fields.Int(validate=validate.Range(min=0), metadata={"description": "0 is the first open stage"})


class SalesStageRemoveSchema(QuerySchema):
    """Where a removed stage's opportunities go."""

    move_to_id = fields.Int(metadata={"description": "an open stage of the same pipeline (required if it holds any)"})


class SalesPipelineSchema(BaseSchema):
    """A pipeline with its stages in board order."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    position = fields.Int(dump_only=True)
    is_default = fields.Bool(dump_only=True)
    stages = fields.List(fields.Nested(SalesStageSchema), dump_only=True)


class SalesPipelineUpdateSchema(BaseSchema):
    """A change to a pipeline: rename, move, or make it the workspace's default."""

    name = fields.Str(validate=validate.Length(min=1, max=100))
    position = fields.Int(validate=validate.Range(min=0), metadata={"description": "0 is the first pipeline"})
    is_default = fields.Bool(metadata={"description": "true makes this the default pipeline"})


class SalesOpportunityUpdateSchema(BaseSchema):
    """The fields of an opportunity that can change after it is created."""

    name = fields.Str(validate=validate.Length(min=1, max=200))
    contact_id = fields.Int(allow_none=True, metadata={"description": "a contact of the opportunity's customer"})
    owner_id = fields.Int(metadata={"description": "yourself, or a user you manage"})
    amount = money_amount()
    currency = fields.Str(validate=validate.Regexp(r"^[A-Z]{3}$"), metadata={"description": "ISO 4217, e.g. CNY"})
    expected_close = fields.Date(allow_none=True)
    source = fields.Str(allow_none=True, validate=validate.Length(max=30))
    description = fields.Str(allow_none=True, validate=validate.Length(max=10_000))
    probability = fields.Int(allow_none=True, validate=validate.Range(min=0, max=100),
                             metadata={"description": "overrides the stage's default probability; null to use it"})
    forecast_category = fields.Str(validate=validate.OneOf(FORECAST_CATEGORIES))


class SalesOpportunitySchema(SalesOpportunityUpdateSchema):
    """An opportunity: a deal with a customer on a stage of a pipeline."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    customer_id = fields.Int(required=True, metadata={"description": "a customer the caller may see"})
    pipeline_id = fields.Int(metadata={"description": "default: the workspace's default pipeline"})
    stage_id = fields.Int(metadata={"description": "an open stage of the pipeline; default: its first"})
    owner_id = fields.Int(metadata={"description": "default: the caller; else a user the caller manages"})
    status = fields.Str(dump_only=True, validate=validate.OneOf(STAGE_KINDS))
    close_reason = fields.Str(dump_only=True, allow_none=True)
    winner_competitor_id = fields.Int(dump_only=True, allow_none=True)
    lead_id = fields.Int(dump_only=True, allow_none=True)
    stage_entered_at = fields.DateTime(dump_only=True)
    closed_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SalesMoveSchema(BaseSchema):
    """A move to another stage; won and lost need a reason, lost may name the competitor who won."""

    stage_id = fields.Int(required=True)
    close_reason = fields.Str(validate=validate.Length(max=500))
    winner_competitor_id = fields.Int(allow_none=True)


class SalesStageStaySchema(BaseSchema):
    """One stay in a stage: when it began and ended (null: still there), and its length in seconds."""

    stage_id = fields.Int()
    stage_name = fields.Str()
    entered_at = fields.DateTime()
    left_at = fields.DateTime(allow_none=True)
    moved_by_id = fields.Int(allow_none=True)
    seconds = fields.Int()


class SalesBoardQuerySchema(QuerySchema):
    """The board's filters: owner, org unit (its subtree's owners), expected close month."""

    owner_id = fields.Int()
    org_unit_id = fields.Int(metadata={"description": "owners in this unit or below it"})
    limit = fields.Int(load_default=COLUMN_PAGE, validate=validate.Range(min=1, max=200),
                       metadata={"description": "cards per column, 1 to 200"})
    close_month = fields.Str(validate=MONTH, metadata={"description": "expected close in this month, YYYY-MM"})


class SalesOpportunityQuerySchema(SalesBoardQuerySchema):
    """The opportunity list's filters and order."""

    pipeline_id = fields.Int(metadata={"description": "default: the workspace's default pipeline"})
    limit = fields.Int(load_default=50, validate=validate.Range(min=1, max=200),
                       metadata={"description": "page size, 1 to 200"})
    stage_id = fields.Int()
    customer_id = fields.Int()
    status = fields.Str(validate=validate.OneOf(STAGE_KINDS))
    sort = fields.Str(load_default="-stage_entered_at", validate=validate.OneOf(list(SORTS)))


class SalesCardSchema(BaseSchema):
    """A card of the board."""

    id = fields.Int()
    name = fields.Str()
    customer_id = fields.Int()
    customer_name = fields.Str(allow_none=True)
    amount = fields.Decimal(**MONEY)
    currency = fields.Str()
    owner_id = fields.Int()
    owner_name = fields.Str(allow_none=True)
    expected_close = fields.Date(allow_none=True)
    stage_id = fields.Int()
    status = fields.Str()
    stage_entered_at = fields.DateTime()


class SalesTotalSchema(BaseSchema):
    """A column's total in one currency."""

    currency = fields.Str()
    amount = fields.Decimal(**MONEY)


class SalesColumnSchema(BaseSchema):
    """A column of the board: its stage, count and totals (with the filters) and its first cards."""

    stage = fields.Nested(SalesStageSchema)
    count = fields.Int()
    totals = fields.List(fields.Nested(SalesTotalSchema))
    items = fields.List(fields.Nested(SalesCardSchema))
    next_cursor = fields.Str(allow_none=True)


class SalesBoardSchema(BaseSchema):
    """The board of one pipeline."""

    pipeline = fields.Nested(SalesPipelineSchema)
    columns = fields.List(fields.Nested(SalesColumnSchema))


SalesOpportunityPageSchema = page_schema(SalesOpportunitySchema, "SalesOpportunityPage")
SalesCardPageSchema = page_schema(SalesCardSchema, "SalesCardPage")
