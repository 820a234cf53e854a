"""Input and output of the assign feature's API: candidates with their breakdown, "why not?", stored explanations."""
from marshmallow import EXCLUDE, fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema


class DispatchCandidatesQuerySchema(BaseSchema):
    """Whose "why not?" to give (one person), or how many candidates (default: the setting candidates_shown)."""

    class Meta:
        """Query strings carry other parameters too (cache busters): drop them."""

        unknown = EXCLUDE

    user_id = fields.Int(load_default=None, metadata={"description": "Only this person: their score or why not."})
    limit = fields.Int(load_default=None, validate=validate.Range(min=1, max=200))


class DispatchFactorValueSchema(BaseSchema):
    """One factor of a total: its value 0..1 and its weight."""

    key = fields.Str()
    label = fields.Str()
    value = fields.Float()
    weight = fields.Float()


class DispatchCandidateSchema(BaseSchema):
    """An eligible person: total 0..1, rank, open load and the per-factor breakdown."""

    user_id = fields.Int()
    name = fields.Str()
    total = fields.Float()
    rank = fields.Int()
    load = fields.Float()
    factors = fields.List(fields.Nested(DispatchFactorValueSchema))


class DispatchReasonSchema(BaseSchema):
    """A hard rule refusing someone, and its translated text."""

    rule = fields.Str()
    text = fields.Str()


class DispatchRefusedSchema(BaseSchema):
    """Someone a hard rule refuses, with every failing rule."""

    user_id = fields.Int()
    name = fields.Str()
    reasons = fields.List(fields.Nested(DispatchReasonSchema))


class DispatchCandidatesSchema(BaseSchema):
    """A task's ranking: the top candidates, everyone refused and why, under which policy version."""

    task_id = fields.Int()
    policy_version = fields.Int()
    eligible = fields.Int(metadata={"description": "How many people are eligible in all."})
    candidates = fields.List(fields.Nested(DispatchCandidateSchema))
    ineligible = fields.List(fields.Nested(DispatchRefusedSchema))
    notes = fields.List(fields.Str())


class DispatchAssignInputSchema(BaseSchema):
    """Whom to give the task to, and why when it is not the top candidate."""

    user_id = fields.Int(required=True)
    reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DispatchAlternativeSchema(BaseSchema):
    """One of the best other candidates when the assignment was made."""

    user_id = fields.Int()
    name = fields.Str()
    total = fields.Float()


class DispatchAssignmentSchema(BaseSchema):
    """A stored assignment and its explanation (never changed; a reassignment adds one)."""

    id = fields.Int()
    task_id = fields.Int()
    user_id = fields.Int()
    actor_id = fields.Int(allow_none=True)
    mode = fields.Str()
    policy_version = fields.Int(allow_none=True)
    batch_id = fields.Int(allow_none=True)
    effort = fields.Int()
    total = fields.Float(allow_none=True)
    rank = fields.Int(allow_none=True)
    candidates = fields.Int(allow_none=True)
    factors = fields.Dict(keys=fields.Str(), values=fields.Dict())
    alternatives = fields.List(fields.Nested(DispatchAlternativeSchema))
    reason = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class DispatchAssignmentQuerySchema(QuerySchema):
    """A page of a task's assignments, newest first."""


DispatchAssignmentPageSchema = page_schema(DispatchAssignmentSchema, "DispatchAssignmentPage")
