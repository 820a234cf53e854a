"""Marshmallow schemas of the policy feature: a proposed policy in, the policy, its versions and a preview out."""
from marshmallow import ValidationError, fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, gettext as _, lazy_gettext as _l, page_schema

MAX_WEIGHT = 100
REGION_MODES = ("prefer", "strict")
INTEGER_RANGES = {
    "tenure_cap_years": (1, 50),
    "post_cap_years": (1, 50),
    "performance_prior_tasks": (1, 100),
    "continuity_days": (1, 3650),
    "fairness_window_days": (1, 365),
    "horizon_days": (1, 90),
}
"""The whole-number parameters and their (least, greatest) values (docs/dispatch.md, "Editing the policy")."""
FRACTION_RANGES = {"overqualification_penalty": (0.0, 1.0), "performance_cap": (0.1, 1.0)}
"""The fractional parameters and their ranges."""


def _between(low, high):
    """A range check whose message names the range."""
    return validate.Range(min=low, max=high, error=_l("Give a number from {min} to {max}."))


class FactorWeights(fields.Dict):
    """{factor key: weight}, each weight a number from 0 to 100; errors per factor key."""

    def __init__(self, **kwargs):
        # The value field documents the weights as numbers (additionalProperties) and checks each one.
        super().__init__(keys=fields.Str(), values=fields.Float(validate=_between(0, MAX_WEIGHT)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        """The weights as floats, or a ValidationError naming each bad factor."""
        if not isinstance(value, dict):
            raise ValidationError(_("Give the weights as an object of factor keys and numbers."))
        weights, errors = {}, {}
        for key, raw in value.items():
            try:
                weights[str(key)] = self.value_field.deserialize(raw.strip() if isinstance(raw, str) else raw)
            except ValidationError as err:
                errors[str(key)] = err.messages
        if errors:
            raise ValidationError(errors)
        return weights


class WholeNumber(fields.Int):
    """An integer that refuses a fraction (3.5) instead of cutting it to 3; form text ("4") is fine."""

    def _deserialize(self, value, attr, data, **kwargs):
        """The integer, or "Not a valid integer." for a fractional number."""
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class DispatchPolicyParametersSchema(BaseSchema):
    """The hard rules' and soft factors' settings; any left out keep the value in force."""

    region_mode = fields.Str(validate=validate.OneOf(REGION_MODES), metadata={
        "description": "strict: a hard rule (the task's region only); prefer: only the region factor"})
    auto_assign = fields.Bool(metadata={"description": "give a new task to its top candidate on creation"})
    overqualification_penalty = fields.Float(validate=_between(*FRACTION_RANGES["overqualification_penalty"]),
                                             metadata={"description": "0..1: skill fit lost per level above"})
    performance_cap = fields.Float(validate=_between(*FRACTION_RANGES["performance_cap"]),
                                   metadata={"description": "0.1..1: performance above this counts as this"})
    tenure_cap_years = WholeNumber(validate=_between(*INTEGER_RANGES["tenure_cap_years"]))
    post_cap_years = WholeNumber(validate=_between(*INTEGER_RANGES["post_cap_years"]))
    performance_prior_tasks = WholeNumber(validate=_between(*INTEGER_RANGES["performance_prior_tasks"]))
    continuity_days = WholeNumber(validate=_between(*INTEGER_RANGES["continuity_days"]))
    fairness_window_days = WholeNumber(validate=_between(*INTEGER_RANGES["fairness_window_days"]))
    horizon_days = WholeNumber(validate=_between(*INTEGER_RANGES["horizon_days"]))


class DispatchPolicyInputSchema(BaseSchema):
    """A proposed policy: weights and parameters (any left out keep the value in force) and a note."""

    weights = FactorWeights(load_default=dict, metadata={
        "description": "{factor key: 0..100}; the keys of GET /dispatch/policy's factors; at least one above 0"})
    parameters = fields.Nested(DispatchPolicyParametersSchema, load_default=dict)
    note = fields.Str(allow_none=True, validate=validate.Length(max=200), metadata={"description": "why"})


class DispatchPolicyPreviewInputSchema(DispatchPolicyInputSchema):
    """A proposed policy to preview against the recent tasks, nothing saved."""

    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=50),
                       metadata={"description": "how many recent tasks (open ones first)"})


class DispatchFactorSchema(BaseSchema):
    """A soft factor the workspace can weigh: built-in, or an enabled plugin's."""

    key = fields.Str()
    label = fields.Str()
    description = fields.Str()
    plugin = fields.Str(allow_none=True, metadata={"description": "the plugin that adds it; null: built-in"})
    weight = fields.Float()


class DispatchPolicyChangeSchema(BaseSchema):
    """One weight or parameter that differs between two versions."""

    kind = fields.Str(metadata={"description": "weight or parameter"})
    key = fields.Str()
    label = fields.Str()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class DispatchPolicyVersionSchema(BaseSchema):
    """A saved version (0: the documented defaults, never saved), who saved it, and what it changed."""

    version = fields.Int()
    weights = fields.Dict(keys=fields.Str(), values=fields.Float())
    parameters = fields.Dict()
    note = fields.Str(allow_none=True)
    created_by_id = fields.Int(allow_none=True)
    created_by_name = fields.Str(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    changes = fields.List(fields.Nested(DispatchPolicyChangeSchema),
                          metadata={"description": "against the version before it"})


class DispatchPolicySchema(DispatchPolicyVersionSchema):
    """The policy in force, with every factor the workspace can weigh now."""

    factors = fields.List(fields.Nested(DispatchFactorSchema))


class DispatchPolicyVersionQuerySchema(QuerySchema):
    """The versions, newest first, a cursor page at a time."""


DispatchPolicyVersionPageSchema = page_schema(DispatchPolicyVersionSchema, "DispatchPolicyVersionPage")


class DispatchPreviewCandidateSchema(BaseSchema):
    """A candidate of a task under one policy."""

    user_id = fields.Int()
    name = fields.Str()
    total = fields.Float()
    rank = fields.Int()


class DispatchPreviewTaskSchema(BaseSchema):
    """One recent task ranked under the policy in force and under the proposed one."""

    task_id = fields.Int()
    number = fields.Str()
    title = fields.Str()
    status = fields.Str()
    before = fields.List(fields.Nested(DispatchPreviewCandidateSchema))
    after = fields.List(fields.Nested(DispatchPreviewCandidateSchema))
    changed = fields.Bool(metadata={"description": "whether the top candidate differs"})


class DispatchPolicyPreviewSchema(BaseSchema):
    """How the recent tasks' rankings would change under a proposed policy."""

    current_version = fields.Int()
    tasks = fields.List(fields.Nested(DispatchPreviewTaskSchema))
    changed = fields.Int(metadata={"description": "how many tasks get another top candidate"})
