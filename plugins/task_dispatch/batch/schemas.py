"""Marshmallow schemas of batch optimisation: the tasks chosen in, a batch (plan and summary) out."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema


class DispatchBatchCreateSchema(BaseSchema):
    """The unassigned tasks to optimise together (ids of others, or of tasks you may not see, are skipped)."""

    task_ids = fields.List(fields.Int(), required=True, validate=validate.Length(min=1),
                           metadata={"description": "at most 2,000 tasks (400 beyond)"})


class DispatchBatchPlanItemSchema(BaseSchema):
    """One task of the plan: who gets it, with what score and rank among its candidates (None: nobody fits)."""

    task_id = fields.Int()
    number = fields.Str()
    title = fields.Str()
    priority = fields.Str()
    effort = fields.Int()
    candidates = fields.Int(metadata={"description": "eligible people for the task, capacity aside"})
    user_id = fields.Int(allow_none=True)
    name = fields.Str(allow_none=True)
    score = fields.Float(allow_none=True, metadata={"description": "the chosen person's total score, 0..1"})
    rank = fields.Int(allow_none=True, metadata={"description": "1 = the task's top candidate"})


class DispatchBatchLoadSchema(BaseSchema):
    """A person the batch could go to: capacity and open effort before and after the plan (points)."""

    user_id = fields.Int()
    name = fields.Str(allow_none=True)
    capacity = fields.Int()
    before = fields.Int()
    after = fields.Int()


class DispatchBatchSummarySchema(BaseSchema):
    """The plan against a one-by-one greedy assignment, the solver's status and proven gap, load and fairness."""

    tasks = fields.Int()
    skipped = fields.Int(metadata={"description": "ids that were not unassigned tasks visible to you"})
    mode = fields.Str(metadata={"description": "equal (efforts all the same: exact) or differing (CP-SAT)"})
    solver = fields.Str(metadata={"description": "flow (min-cost flow) or gap (CP-SAT)"})
    status = fields.Str(metadata={"description": "optimal (proven) or feasible (stopped by the time limit)"})
    gap = fields.Float(allow_none=True, metadata={"description": "relative proven gap, |bound - value| / value"})
    gap_points = fields.Float(allow_none=True, metadata={"description": "proven bound minus the plan's value"})
    seconds = fields.Float()
    time_limit = fields.Float(allow_none=True)
    assigned = fields.Int()
    greedy_assigned = fields.Int()
    weighted = fields.Int(metadata={"description": "priority-weighted number of tasks assigned"})
    greedy_weighted = fields.Int()
    score = fields.Float(metadata={"description": "sum of the chosen scores"})
    greedy_score = fields.Float()
    load = fields.List(fields.Nested(DispatchBatchLoadSchema))
    fairness_before = fields.Float(metadata={"description": "Gini of open load / capacity before the plan"})
    fairness_after = fields.Float()
    stale = fields.List(fields.Str(), metadata={"description": "what changed since the preview, when stale"})


class DispatchBatchSchema(BaseSchema):
    """A batch: previewed, committed, or stale (something changed since the preview)."""

    id = fields.Int(dump_only=True)
    status = fields.Str(dump_only=True)
    policy_version = fields.Int(dump_only=True, allow_none=True)
    task_ids = fields.List(fields.Int(), dump_only=True)
    plan = fields.List(fields.Nested(DispatchBatchPlanItemSchema), dump_only=True)
    summary = fields.Nested(DispatchBatchSummarySchema, dump_only=True)
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    committed_at = fields.DateTime(dump_only=True, allow_none=True)
