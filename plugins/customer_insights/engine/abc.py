"""ABC classes: customers ranked by the period's revenue, classed by the share of revenue ranked before them.

Ties are ordered by customer id, so equal revenue never makes the ranking
depend on the order rows came in. Shares are compared in integers
(100 × revenue before < a × total), never as floats (docs/insights.md, "ABC").
"""
import numpy as np

_EXACT_LIMIT = np.iinfo(np.int64).max // 100


def abc_classes(revenue, a_percent, b_percent):
    """(revenue_rank, abc_class) of customers in ascending id order, from their int64 period revenue in cents.

    `revenue_rank` is a masked int64 array (1 = the largest revenue), `abc_class`
    an object array of "A", "B", "C"; both are empty (masked, None) for
    customers without revenue in the period.
    """
    revenue = np.asarray(revenue, dtype=np.int64)
    ranked = np.flatnonzero(revenue > 0)
    # Positions follow ascending ids, so the position is the tie rule's second key.
    order = ranked[np.lexsort((ranked, -revenue[ranked]))]
    rank = np.zeros(len(revenue), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    ordered = revenue[order]
    total = int(ordered.sum())
    if total > _EXACT_LIMIT:
        # Beyond int64's room for 100 × revenue: the same comparison in Python integers.
        ordered = ordered.astype(object)
    before = np.cumsum(ordered) - ordered
    classes = np.full(len(revenue), None, dtype=object)
    classes[order] = np.where(100 * before < a_percent * total, "A",
                              np.where(100 * before < (a_percent + b_percent) * total, "B", "C"))
    return np.ma.masked_array(rank, mask=rank == 0), classes
