"""How evenly work is spread: the Gini coefficient of assigned effort relative to capacity (docs/dispatch.md)."""


def gini(values):
    """The Gini coefficient of non-negative `values`: 0 when all are equal, towards 1 when one holds everything.

    G = sum_i sum_j |x_i - x_j| / (2 n^2 mean); 0 for an empty list or all zeros.
    Computed on the sorted values as (2 sum_i i x_(i)) / (n sum x) - (n + 1) / n.
    """
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return max(0.0, 2 * weighted / (n * total) - (n + 1) / n)
