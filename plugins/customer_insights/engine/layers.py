"""The loyalty pyramid: each customer's layer by ordered rules, the first that holds wins.

The order (docs/insights.md, "Layers") puts facts before judgements: never
bought, then lost; the advocate mark outranks everything a still-recent
customer shows; a new customer has no history to judge a trend on; warning
signs (low recency, falling revenue, open complaints) outrank size, so a large
customer about to leave gets the "leaving" strategy, not the "core" one.
"""
import numpy as np

ORDER = ("onlooker", "lost", "advocate", "new", "leaving", "core", "regular", "inactive")


def assign_layers(rules, bought, recency_days, first_age_days, r_score, f_score, m_score, declined, complaints,
                  advocate):
    """Per customer, its layer (object array of models.scores.LAYERS names) under the thresholds of `rules`.

    `bought` marks customers with a purchase on or before as_of;
    `recency_days` and `first_age_days` are days since their last and first
    purchase; the scores are masked arrays (masked where not bought);
    `declined` says revenue fell by the leaving threshold; `complaints` counts
    open complaints; `advocate` marks recent referrers.
    """
    r, f, m = (np.ma.getdata(score) for score in (r_score, f_score, m_score))
    bought = np.asarray(bought, dtype=bool)
    conditions = (
        ~bought,
        bought & (recency_days > rules.lost_after_days),
        bought & advocate & (r >= rules.advocate_min_r),
        bought & (first_age_days <= rules.new_within_days),
        bought & ((r <= rules.leaving_max_r) | declined | (complaints >= rules.leaving_complaints)),
        bought & (f >= rules.core_min_f) & (m >= rules.core_min_m),
        bought & (f >= rules.regular_min_f),
    )
    return np.select(conditions, ORDER[:-1], default=ORDER[-1]).astype(object)
