"""Half on half: the trend of a customer's revenue, and the customer development index (CDI).

Both compare the analysis period's second half with its first
(history.Period splits it). 100 on the CDI means the customer kept its share
of the workspace's revenue and its pace of purchases (docs/insights.md, "CDI").
"""
import numpy as np

CDI_CAP = 999.0


def trend(first, second):
    """Masked float (R2 − R1) / R1 of per-customer revenues R1, R2 of the halves; masked where R1 is 0."""
    first = np.asarray(first, dtype=np.int64)
    known = first > 0
    value = np.zeros(len(first))
    value[known] = (np.asarray(second)[known] - first[known]) / first[known]
    return np.ma.masked_array(value, mask=~known)


def declined(first, second, percent):
    """Whether revenue fell by at least `percent` % from the first half to the second, compared in integers."""
    first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
    # (R2 − R1) / R1 ≤ −p/100  ⇔  100 × R2 ≤ (100 − p) × R1, for R1 > 0.
    return (first > 0) & (100 * second <= (100 - percent) * first)


def development_index(revenue_first, revenue_second, purchases_first, purchases_second):
    """Masked float CDI = 100 × (½ share₂/share₁ + ½ freq₂/freq₁), capped at 999; masked without first-half revenue.

    share_h is the customer's revenue in half h over the workspace's (the sum
    of the given arrays, which hold every customer); freq_h its purchases in half h.
    """
    r1, r2 = (np.asarray(value, dtype=np.int64) for value in (revenue_first, revenue_second))
    f1, f2 = (np.asarray(value, dtype=np.int64) for value in (purchases_first, purchases_second))
    total_first, total_second = float(r1.sum()), float(r2.sum())
    known = (f1 > 0) & (r1 > 0)
    index = np.zeros(len(r1))
    if known.any():
        # share₂/share₁ = R2 × W1 / (R1 × W2); without revenue in the second half every share₂ is 0.
        share_ratio = (r2[known] * total_first / (r1[known] * total_second) if total_second > 0
                       else np.zeros(int(known.sum())))
        index[known] = np.minimum(100 * (0.5 * share_ratio + 0.5 * f2[known] / f1[known]), CDI_CAP)
    return np.ma.masked_array(index, mask=~known)
