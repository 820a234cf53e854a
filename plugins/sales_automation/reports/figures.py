"""The small arithmetic every report shares: shares in percent, averages, and a chart series."""
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")


def percent_of(part, whole):
    """`part` of `whole` in percent, one decimal (half up); None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average(total, count, places="0.01"):
    """`total` / `count` to `places` (half up); None when there is nothing to average."""
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal(places), ROUND_HALF_UP)


def series(key, name, data, stack=None, axis=0, table_only=False):
    """One ChartSchema series: `key` for programs, `name` for people, a value per category."""
    return {"key": key, "name": str(name), "data": list(data), "stack": stack, "axis": axis, "table_only": table_only}
