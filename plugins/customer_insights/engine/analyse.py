"""One workspace's analysis as of one day: every Score column for every customer, computed column by column.

`analyse(history, customers, as_of, rules, complaints, advocates)` is the only
entry point the computation (runs/pipeline.py) needs; docs/insights.md,
"Definitions", defines each column. Purchases after `as_of` are ignored, so a
past `as_of` recomputes what was known then.
"""
from dataclasses import dataclass, field, fields
from decimal import Decimal

import numpy as np

from plugins.customer_insights.engine.abc import abc_classes
from plugins.customer_insights.engine.cdi import declined, development_index, trend
from plugins.customer_insights.engine.history import Period
from plugins.customer_insights.engine.layers import assign_layers
from plugins.customer_insights.engine.clv import lifetime_values
from plugins.customer_insights.engine.rfm import rfm_scores
from plugins.customer_insights.engine.segments import DEFAULT_RULES, parse_rules, segment_names

COLUMNS = ("revenue_cents", "revenue_rank", "abc_class", "recency_days", "frequency", "r_score", "f_score",
           "m_score", "segment", "layer", "trend", "open_complaints", "advocate", "cdi", "purchases",
           "first_purchase_on", "last_purchase_on", "p_alive", "expected_purchases", "expected_spend_cents",
           "clv_cents")
"""Analysis' per-customer arrays, named as Score's columns (money columns with a `_cents` suffix)."""
MONEY = {"revenue_cents": "revenue", "expected_spend_cents": "expected_spend", "clv_cents": "clv"}
"""The money arrays (int64 cents) and the Score columns they fill (Decimal)."""


@dataclass(frozen=True)
class Rules:
    """The settings the analysis uses (settings.py's fields, the same defaults), segment rules parsed."""

    period_months: int = 12
    abc_a_percent: int = 80
    abc_b_percent: int = 15
    segments: tuple = field(default_factory=lambda: tuple(parse_rules(DEFAULT_RULES)))
    lost_after_days: int = 365
    new_within_days: int = 90
    advocate_within_days: int = 365
    advocate_min_r: int = 3
    leaving_max_r: int = 2
    leaving_decline_percent: int = 50
    leaving_complaints: int = 2
    core_min_f: int = 4
    core_min_m: int = 4
    regular_min_f: int = 3
    clv_months: int = 12
    discount_percent: Decimal = Decimal("10")

    @classmethod
    def from_settings(cls, settings):
        """The Rules of a settings dict (as `settings()` returns it); keys left out take the defaults."""
        given = {spec.name: settings[spec.name] for spec in fields(cls) if spec.name in settings}
        if "segments" in given:
            given["segments"] = tuple(parse_rules(given["segments"]))
        if "discount_percent" in given:
            given["discount_percent"] = Decimal(str(given["discount_percent"]))
        return cls(**given)


class Analysis:
    """The figures of every customer: `customer` (ascending ids), one array per name of COLUMNS, and `models`.

    Integer and float columns that may be empty are numpy masked arrays
    (masked = None); text columns are object arrays holding None; days are
    datetime64[D] with NaT for None. `models` is JSON-able: the period, the
    fitted CLV models and what was left out and why.
    """

    def __init__(self, as_of, customer, columns, models):
        self.as_of, self.customer, self.models = as_of, customer, models
        for name in COLUMNS:
            setattr(self, name, columns[name])

    def __len__(self):
        return len(self.customer)

    def records(self):
        """One dict per customer with Score's column names and Python values (Decimal money, date, None)."""
        names = [MONEY.get(name, name) for name in COLUMNS]
        values = [_python_values(name, getattr(self, name)) for name in COLUMNS]
        for customer_id, row in zip(self.customer.tolist(), zip(*values)):
            record = dict(zip(names, row))
            record["customer_id"], record["as_of"] = customer_id, self.as_of
            yield record


def _python_values(name, column):
    """The list of Python values of one column: masked → None, cents → Decimal."""
    values = column.tolist()
    if name in MONEY:
        return [None if cents is None else Decimal(cents).scaleb(-2) for cents in values]
    return values


def _counts_of(customers, mapping):
    """Per customer (ascending ids), the int of {customer_id: count} (0 when absent)."""
    counts = np.zeros(len(customers), dtype=np.int64)
    if mapping:
        ids = np.fromiter(mapping.keys(), dtype=np.int64, count=len(mapping))
        found = np.searchsorted(customers, ids)
        known = found < len(customers)
        known[known] = customers[found[known]] == ids[known]
        counts[found[known]] = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))[known]
    return counts


def analyse(history, customers, as_of, rules, complaints=None, advocates=None):
    """The Analysis of `history` for every id in `customers` as of the date `as_of` under `rules`."""
    known = history.until(as_of)
    groups = known.by_customer(customers)
    customers = groups.customers
    day_of_as_of = np.datetime64(as_of, "D")
    period = Period(as_of, rules.period_months)
    in_period, first_half, second_half = period.masks(groups.day)

    bought = groups.bought
    first_day, last_day = groups.first_day(), groups.last_day()
    recency = np.where(bought, (day_of_as_of - last_day).astype(np.int64), 0)
    first_age = np.where(bought, (day_of_as_of - first_day).astype(np.int64), 0)
    revenue = groups.sum(np.where(in_period, groups.cents, 0))
    frequency = groups.sum(in_period)
    revenue_first = groups.sum(np.where(first_half, groups.cents, 0))
    revenue_second = groups.sum(np.where(second_half, groups.cents, 0))

    revenue_rank, abc_class = abc_classes(revenue, rules.abc_a_percent, rules.abc_b_percent)
    r_score, f_score, m_score = rfm_scores(recency, frequency, revenue, bought)
    open_complaints = _counts_of(customers, complaints)
    advocate = np.isin(customers, np.fromiter(advocates or (), dtype=np.int64))
    layer = assign_layers(rules, bought, recency, first_age, r_score, f_score, m_score,
                          declined(revenue_first, revenue_second, rules.leaving_decline_percent),
                          open_complaints, advocate)
    # An optimiser's trial step may overflow on the way; figures that end up invalid are masked, not warned about.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        values, models = lifetime_values(groups, as_of, rules.clv_months, float(rules.discount_percent) / 100)
    columns = {
        "revenue_cents": revenue, "revenue_rank": revenue_rank, "abc_class": abc_class,
        "recency_days": np.ma.masked_array(recency, mask=~bought), "frequency": frequency,
        "r_score": r_score, "f_score": f_score, "m_score": m_score,
        "segment": segment_names(rules.segments, r_score, f_score, m_score), "layer": layer,
        "trend": trend(revenue_first, revenue_second), "open_complaints": open_complaints, "advocate": advocate,
        "cdi": development_index(revenue_first, revenue_second, groups.sum(first_half), groups.sum(second_half)),
        "purchases": groups.purchases.astype(np.int64), "first_purchase_on": first_day, "last_purchase_on": last_day,
        **values,
    }
    models = {"period": period.to_json(), **models,
              "left_out": {"after_as_of": len(history) - len(known), "unknown_customers": groups.unknown,
                           **models["left_out"]}}
    return Analysis(as_of, customers, columns, models)
