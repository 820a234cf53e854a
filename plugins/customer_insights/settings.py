"""The module's per-workspace settings: the analysis period, thresholds, segment rules, layer rules, strategies.

Edited on the module's Rules page (and on the admin page of modules, or the
modules API, like any plugin's settings); every rule is defined in
docs/insights.md. A strategy left empty shows the module's default text for
its layer, in the reader's language.
"""
import re

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from crm_platform.sdk import BaseSchema, gettext as _, lazy_gettext as _l, plugin_settings

from plugins.customer_insights.engine.segments import DEFAULT_RULES, parse_rule

NAME = "customer_insights"


def _percent(default, label, description=None):
    return fields.Int(load_default=default, validate=validate.Range(min=1, max=99),
                      metadata={"label": label, "description": description})


def _days(default, label, description=None):
    return fields.Int(load_default=default, validate=validate.Range(min=1, max=3650),
                      metadata={"label": label, "description": description})


def _score(default, label, description=None):
    return fields.Int(load_default=default, validate=validate.Range(min=1, max=5),
                      metadata={"label": label, "description": description})


def _strategy(label):
    return fields.Str(load_default="", validate=validate.Length(max=1000),
                      metadata={"label": label, "multiline": True,
                                "description": _l("Empty shows the module's default strategy for this layer.")})


def segment_lines(text):
    """The rules written in `text`, one a line or separated by semicolons, blank ones dropped."""
    return [line.strip() for line in re.split(r"[\n;]", text or "") if line.strip()]


def segments_problem(text):
    """What is wrong with the segment rules `text`, in the reader's language, or None when every rule reads.

    The engine's own ValueError is English for developers; whoever types the
    rules (the Rules page, the Modules page, either API) reads this instead.
    """
    seen = set()
    for number, line in enumerate(segment_lines(text), start=1):
        try:
            rule = parse_rule(line)
        except ValueError:
            return _("Rule %(number)s (“%(rule)s”) does not read: write a name, a colon, then R, F or M with a score "
                     "from 1 to 5 or a range, each letter once, e.g. “champions: R5 F4-5”.", number=number, rule=line)
        if rule.name in seen:
            return _("Rule %(number)s names the segment “%(name)s” again: each name once.", number=number,
                     name=rule.name)
        seen.add(rule.name)
    return None


class InsightsSettingsSchema(BaseSchema):
    """Period and thresholds of ABC, RFM segments, the pyramid's rules, CLV's horizon and discount, strategies."""

    period_months = fields.Int(
        load_default=12, validate=validate.Range(min=1, max=120),
        metadata={"label": _l("Analysis period (months)"),
                  "description": _l("Revenue, classes and frequency count the purchases of this many months "
                                    "up to the day of the computation.")})
    abc_a_percent = _percent(80, _l("Class A: share of revenue (%)"))
    abc_b_percent = _percent(15, _l("Class B: next share of revenue (%)"))
    segments = fields.Str(
        load_default="\n".join(DEFAULT_RULES), validate=validate.Length(min=1, max=4000),
        metadata={"label": _l("Segment rules"), "multiline": True,
                  "description": _l("One rule a line (or separated by semicolons), first match wins: a name, a colon, "
                                    "then R, F and M scores or ranges, e.g. \"champions: R5 F4-5\".")})
    lost_after_days = _days(365, _l("Lost after (days without a purchase)"))
    new_within_days = _days(90, _l("New: first purchase within (days)"))
    advocate_within_days = _days(365, _l("Advocate: a referral within (days)"))
    advocate_min_r = _score(3, _l("Advocate: lowest recency score"))
    leaving_max_r = _score(2, _l("On the edge of leaving: highest recency score"))
    leaving_decline_percent = _percent(50, _l("On the edge of leaving: fall in purchases (%)"),
                                       _l("Revenue of the period's second half against its first half."))
    leaving_complaints = fields.Int(load_default=2, validate=validate.Range(min=1, max=100),
                                    metadata={"label": _l("On the edge of leaving: open complaints")})
    core_min_f = _score(4, _l("Core: lowest frequency score"))
    core_min_m = _score(4, _l("Core: lowest monetary score"))
    regular_min_f = _score(3, _l("Active regular: lowest frequency score"))
    clv_months = fields.Int(load_default=12, validate=validate.Range(min=1, max=120),
                            metadata={"label": _l("Lifetime value horizon (months)")})
    discount_percent = fields.Decimal(
        load_default="10", places=2, as_string=True, validate=validate.Range(min=0, max=100),
        metadata={"label": _l("Annual discount rate for lifetime value (%)")})
    # One text per layer: shown on the customer page of its customers; empty shows the module's default.
    strategy_lost = _strategy(_l("Strategy for lost customers"))
    strategy_onlooker = _strategy(_l("Strategy for onlookers"))
    strategy_leaving = _strategy(_l("Strategy for customers on the edge of leaving"))
    strategy_new = _strategy(_l("Strategy for new customers"))
    strategy_inactive = _strategy(_l("Strategy for inactive customers"))
    strategy_regular = _strategy(_l("Strategy for active regulars"))
    strategy_core = _strategy(_l("Strategy for core customers"))
    strategy_advocate = _strategy(_l("Strategy for advocates"))

    @validates("segments")
    def _segments_parse(self, value, **_kwargs):
        """Each rule is readable and each name used once (said in the reader's language)."""
        problem = segments_problem(value)
        if problem:
            raise ValidationError(problem)

    @validates_schema
    def _classes_fit(self, data, **_kwargs):
        """A and B together leave something for C."""
        if data.get("abc_a_percent", 80) + data.get("abc_b_percent", 15) >= 100:
            raise ValidationError(_l("Classes A and B together must stay under 100%."), "abc_b_percent")


def settings():
    """The current workspace's settings of this module, defaults filled in."""
    return plugin_settings(NAME)
