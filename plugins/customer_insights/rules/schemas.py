"""Marshmallow schemas of the rules API: the effective rules as people read them, and a change to them."""
import copy

from marshmallow import Schema, fields, missing

from crm_platform.sdk import BaseSchema

from plugins.customer_insights.rules.service import EVERY_FIELD
from plugins.customer_insights.settings import InsightsSettingsSchema


class InsightsRuleFieldSchema(Schema):
    """One setting with what it means."""

    name = fields.Str()
    group = fields.Str(metadata={"description": "period, segments, pyramid or clv"})
    label = fields.Str()
    description = fields.Str(allow_none=True)
    explanation = fields.Str(metadata={"description": "how the rule acts, in the caller's language"})
    value = fields.Raw(metadata={"description": "the effective value (the default when none is stored)"})


class InsightsSegmentRuleSchema(Schema):
    """One segment rule, parsed; the rules are tried in order and the first that matches names the segment."""

    name = fields.Str()
    label = fields.Str(metadata={"description": "the default segments' names translated, the workspace's own as written"})
    r = fields.List(fields.Int(), allow_none=True, metadata={"description": "[lowest, highest] recency score; "
                                                                            "null: any"})
    f = fields.List(fields.Int(), allow_none=True, metadata={"description": "[lowest, highest] frequency score; "
                                                                            "null: any"})
    m = fields.List(fields.Int(), allow_none=True, metadata={"description": "[lowest, highest] monetary score; "
                                                                            "null: any"})


class InsightsLayerRuleSchema(Schema):
    """One layer of the pyramid: the rule that puts a customer in it and its service strategy."""

    layer = fields.Str()
    label = fields.Str()
    rule = fields.Str(metadata={"description": "the rule in words, with the workspace's numbers"})
    strategy = fields.Str(metadata={"description": "the strategy shown: the workspace's text, else the default"})
    default_strategy = fields.Str(metadata={"description": "the module's default strategy, in the caller's language"})
    custom = fields.Bool(metadata={"description": "whether the workspace wrote its own strategy"})


class InsightsRulesSchema(Schema):
    """The workspace's effective rules."""

    settings = fields.Dict(metadata={"description": "every setting's effective value, as stored"})
    fields_ = fields.List(fields.Nested(InsightsRuleFieldSchema), data_key="fields", attribute="fields",
                          metadata={"description": "the settings other than strategies, labelled and explained"})
    segments = fields.List(fields.Nested(InsightsSegmentRuleSchema), metadata={"description": "in the order tried"})
    pyramid = fields.List(fields.Str(), metadata={"description": "the layers from the top of the pyramid down"})
    layers = fields.List(fields.Nested(InsightsLayerRuleSchema), metadata={
        "description": "in the order their rules are tried: the first that holds is the customer's layer"})


def _change_field(setting):
    """A setting's field as a change takes it: its type and range, and left as stored when not given (no default)."""
    field = copy.copy(setting)
    field.load_default = missing
    field.metadata = {"description": str(setting.metadata["label"])}
    return field


_SETTINGS = InsightsSettingsSchema().fields
InsightsRulesChangeSchema = BaseSchema.from_dict(
    {name: _change_field(_SETTINGS[name]) for name in EVERY_FIELD}, name="InsightsRulesChange")
"""Some settings to change (the others keep their values); checked by the settings' own rules when stored."""
