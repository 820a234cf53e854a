"""Marshmallow schemas of the board API: the board's filters and tasks, workload per person and unit, fairness."""
from datetime import date

from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.task_dispatch.models.tasks import PRIORITIES
from plugins.task_dispatch.tasks.schemas import DispatchTaskSchema

DAYS = validate.Range(min=date(1970, 1, 1), max=date(2999, 12, 31), error=_l("Choose a day between {min} and {max}."))


class DispatchBoardQuerySchema(QuerySchema):
    """Filters of the board: unassigned tasks by priority, region, required skill, customer and due day."""

    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    region = fields.Str(validate=validate.Length(max=60))
    skill = fields.Str(validate=validate.Length(max=40), metadata={"description": "a required skill's catalogue key"})
    customer_id = fields.Int(metadata={"description": "tasks of this customer (one the caller may see)"})
    due_before = fields.Date(validate=DAYS, metadata={
        "description": "due by the end of this workspace day (tasks without a due time drop out)"})


class DispatchBoardTaskSchema(DispatchTaskSchema):
    """An unassigned task on the board, with its customer's name."""

    customer_name = fields.Str(dump_only=True, allow_none=True)


DispatchBoardPageSchema = page_schema(DispatchBoardTaskSchema, "DispatchBoardPage")


class DispatchWorkloadQuerySchema(QuerySchema):
    """The org unit whose people the workload and fairness cover (default: everyone the caller may see)."""

    class Meta(QuerySchema.Meta):
        """Figures are not pages: no cursor or limit."""

        exclude = ("cursor", "limit")

    unit_id = fields.Int(metadata={"description": "people in this org unit or below it; a unit the caller may see"})


class DispatchWorkloadChartQuerySchema(DispatchWorkloadQuerySchema):
    """The unit, and whether the chart is per person or per unit."""

    group = fields.Str(load_default="person", validate=validate.OneOf(("person", "unit")))


class DispatchPersonLoadSchema(BaseSchema):
    """One person who takes tasks: capacity, open effort, capacity left, effort assigned in the window, load."""

    user_id = fields.Int()
    name = fields.Str()
    unit_id = fields.Int(allow_none=True)
    capacity = fields.Int(metadata={"description": "points held at once"})
    open_effort = fields.Int(metadata={"description": "effort of their assigned and in-progress tasks"})
    capacity_left = fields.Int(metadata={"description": "capacity - open effort, at least 0"})
    assigned_effort = fields.Int(metadata={"description": "effort assigned to them in the fairness window"})
    load = fields.Float(metadata={"description": "open effort / capacity"})


class DispatchUnitLoadSchema(BaseSchema):
    """An org unit: the sums over the people in it and below it, and the fairness among them."""

    unit_id = fields.Int()
    name = fields.Str()
    depth = fields.Int(metadata={"description": "0 for a top unit, 1 under it, ..."})
    people = fields.Int()
    capacity = fields.Int()
    open_effort = fields.Int()
    capacity_left = fields.Int()
    assigned_effort = fields.Int()
    load = fields.Float()
    gini = fields.Float(metadata={"description": "Gini coefficient of assigned effort / capacity in the unit"})


class DispatchWorkloadSchema(BaseSchema):
    """Workload per person and per unit over the fairness window."""

    window_days = fields.Int()
    people = fields.List(fields.Nested(DispatchPersonLoadSchema))
    units = fields.List(fields.Nested(DispatchUnitLoadSchema))


class DispatchUnitFairnessSchema(BaseSchema):
    """The fairness among the people of one org unit's subtree."""

    unit_id = fields.Int()
    name = fields.Str()
    people = fields.Int()
    gini = fields.Float()


class DispatchFairnessSchema(BaseSchema):
    """How evenly work was given: the Gini coefficient overall and per unit (0 even, towards 1 uneven)."""

    window_days = fields.Int()
    people = fields.Int(metadata={"description": "the people who take tasks counted"})
    gini = fields.Float()
    per_unit = fields.List(fields.Nested(DispatchUnitFairnessSchema))
