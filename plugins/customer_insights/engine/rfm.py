"""RFM scores 1..5 by quintiles within the workspace, tied values sharing a score.

A customer's score is 1 + floor(5 × w / n): n scored customers, w of them with
a strictly worse value (docs/insights.md, "RFM"). It is pandas'
`rank(method="min")` turned into quintiles, computed with one sort and a
binary search per column.
"""
import numpy as np


def quintile_scores(values, scored, larger_is_worse=False):
    """Masked int64 scores 1..5 of `values` among the `scored` customers (the others masked)."""
    values = np.asarray(values)
    chosen = values[scored]
    ordered = np.sort(chosen)
    if larger_is_worse:
        worse = len(ordered) - np.searchsorted(ordered, chosen, "right")
    else:
        worse = np.searchsorted(ordered, chosen, "left")
    scores = np.zeros(len(values), dtype=np.int64)
    scores[scored] = 1 + (5 * worse) // max(len(ordered), 1)
    return np.ma.masked_array(scores, mask=~np.asarray(scored, dtype=bool))


def rfm_scores(recency_days, frequency, monetary, scored):
    """(r_score, f_score, m_score): recent is better, more purchases and more revenue are better."""
    return (quintile_scores(recency_days, scored, larger_is_worse=True),
            quintile_scores(frequency, scored),
            quintile_scores(monetary, scored))
