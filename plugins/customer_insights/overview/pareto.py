"""The Pareto curve of the customers the viewer may see: cumulative share of revenue against share of customers.

The customers who bought in the analysis period, by revenue from the largest
(ties by customer id, which changes no point of the curve): after the first k of
n customers, k/n of the customers have brought the sum of their revenue over the
total. Up to 100 customers every one is a point; beyond, one point per percent
of customers (k = n·p/100 rounded half up), so the curve stays 101 points at
most. Sums are exact (in cents); the shares are percentages with one decimal.
"""
from decimal import Decimal
from itertools import accumulate

from crm_platform.sdk import gettext as _, workspace_currency

from plugins.customer_insights.overview.figures import percent
from plugins.customer_insights.overview.queries import revenues
from plugins.customer_insights.settings import settings

EVERY_CUSTOMER_UP_TO = 100
CENT = Decimal("0.01")


def steps(n):
    """How many customers each point of the curve counts: 0..n, or one point per percent beyond 100 customers."""
    if n <= EVERY_CUSTOMER_UP_TO:
        return list(range(n + 1))
    return sorted({(n * p + 50) // 100 for p in range(101)})


def reached(cumulative, total, threshold, n):
    """The share of customers (percent) whose revenue first reaches `threshold` percent of the total; None if none."""
    for k, amount in enumerate(cumulative):
        if total and amount * 100 >= threshold * total:
            return percent(k, n)
    return None


def pareto(user):
    """The curve's points and where it crosses the class A share and the A and B share of the workspace's rules."""
    rules = settings()
    a_line, ab_line = rules["abc_a_percent"], rules["abc_a_percent"] + rules["abc_b_percent"]
    cents = [int(amount.scaleb(2)) for amount in revenues(user)]
    n, total = len(cents), sum(cents)
    cumulative = list(accumulate(cents, initial=0))
    points = steps(n) if n else []
    shares = [percent(k, n) for k in points]
    chart = {"categories": [f"{share:g}%" for share in shares], "keys": shares, "series": [
        {"key": "revenue_share", "name": _("Share of revenue (%)"),
         "data": [percent(cumulative[k], total) for k in points]},
        {"key": "class_a_line", "name": _("%(percent)s%% of revenue (class A)", percent=a_line),
         "data": [a_line] * len(points)},
        {"key": "class_ab_line", "name": _("%(percent)s%% of revenue (classes A and B)", percent=ab_line),
         "data": [ab_line] * len(points)}]}
    return {"customers": n, "revenue": Decimal(total).scaleb(-2).quantize(CENT), "currency": workspace_currency(),
            "class_a_percent": a_line, "class_ab_percent": ab_line,
            "class_a_customers": reached(cumulative, total, a_line, n),
            "class_ab_customers": reached(cumulative, total, ab_line, n), "chart": chart}
