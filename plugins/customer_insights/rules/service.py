"""The module's rules as people read and change them: the effective values, segments parsed, layers in order.

They are the module's plugin settings (settings.py), stored through the SDK's
`save_plugin_settings`: validated by the same schema and audited like a change
on the Modules page.
"""

from marshmallow import ValidationError

from crm_platform.sdk import save_plugin_settings

from plugins.customer_insights.engine.layers import ORDER
from plugins.customer_insights.engine.segments import parse_rule, segment_label
from plugins.customer_insights.layers import DEFAULT_STRATEGIES, layer_label, strategy
from plugins.customer_insights.models.scores import LAYERS
from plugins.customer_insights.rules.explain import FIELDS, GROUPS, layer_rules
from plugins.customer_insights.settings import NAME, InsightsSettingsSchema, segment_lines, segments_problem, settings

STRATEGY_FIELDS = tuple(f"strategy_{layer}" for layer in LAYERS)
NUMBER_FIELDS = tuple(name for _key, _title, names in GROUPS for name in names if name != "segments")
EVERY_FIELD = NUMBER_FIELDS + ("segments",) + STRATEGY_FIELDS


def stored(values=None):
    """The settings (default: the workspace's effective ones) as JSON values, as they are stored."""
    return InsightsSettingsSchema().dump(settings() if values is None else values)


_lines = segment_lines


def check_segments(text):
    """ValidationError on `segments` in the reader's language when a rule does not read or a name repeats."""
    problem = segments_problem(text)
    if problem:
        raise ValidationError({"segments": [problem]})


def _range(scores):
    """[low, high] of a rule's letter, None when it takes any score."""
    return None if tuple(scores) == (1, 5) else list(scores)


def segment_rules(text):
    """[{name, label, r, f, m}] of the segment rules in `text`, in the order they are tried."""
    rules = [parse_rule(line) for line in _lines(text)]
    return [{"name": rule.name, "label": str(segment_label(rule.name)), "r": _range(rule.r), "f": _range(rule.f),
             "m": _range(rule.m)} for rule in rules]


def layers(values):
    """[{layer, label, rule, strategy, default_strategy, custom}] in the order their rules are tried."""
    sentences = layer_rules(values)
    return [{"layer": layer, "label": str(layer_label(layer)), "rule": sentences[layer],
             "strategy": str(strategy(layer, values)), "default_strategy": str(DEFAULT_STRATEGIES[layer]),
             "custom": bool((values.get(f"strategy_{layer}") or "").strip())} for layer in ORDER]


def strategy_fields():
    """[(field name, layer label, default strategy)] from the top of the pyramid down, for the form."""
    return [(f"strategy_{layer}", layer_label(layer), DEFAULT_STRATEGIES[layer]) for layer in reversed(LAYERS)]


def fields_described(values):
    """[{name, group, label, description, explanation, value}] of the settings other than strategies."""
    schema_fields = InsightsSettingsSchema().fields
    shown = stored(values)
    described = []
    for group, _title, names in GROUPS:
        for name in names:
            metadata = schema_fields[name].metadata
            described.append({"name": name, "group": group, "label": str(metadata["label"]),
                              "description": str(metadata["description"]) if metadata.get("description") else None,
                              "explanation": str(FIELDS[name]), "value": shown[name]})
    return described


def effective():
    """The workspace's rules for the API: values, segments parsed, layers in order with strategies, explained."""
    values = settings()
    return {"settings": stored(values), "fields": fields_described(values), "segments": segment_rules(values["segments"]),
            "pyramid": list(reversed(LAYERS)), "layers": layers(values)}


def form_values(form):
    """The settings typed on the Rules page: blank numbers and segment rules left out, so their defaults apply."""
    values = {}
    for name in NUMBER_FIELDS + ("segments",):
        typed = form.get(name, "").strip()
        if typed:
            values[name] = typed.replace("\r\n", "\n")
    for name in STRATEGY_FIELDS:
        values[name] = form.get(name, "").strip().replace("\r\n", "\n")
    return values


def save(values):
    """Store `values` (every setting; those left out take their defaults): the stored settings, or ValidationError."""
    if isinstance(values.get("segments"), str) and values["segments"].strip():
        check_segments(values["segments"])
    return save_plugin_settings(NAME, values)


def change(changes):
    """Store the workspace's settings with `changes` (some settings) applied: the stored settings, or ValidationError."""
    return save({**stored(), **changes})
