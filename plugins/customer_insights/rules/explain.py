"""What each rule means, in words people read next to it on the Rules page and in the rules API.

The texts follow the engine (engine/abc.py, rfm.py, cdi.py, layers.py) and
docs/insights.md; the layers' sentences carry the workspace's own numbers.
"""
from crm_platform.sdk import gettext as _, lazy_gettext as _l

GROUPS = (
    ("period", _l("Period and ABC classes"), ("period_months", "abc_a_percent", "abc_b_percent")),
    ("segments", _l("RFM segments"), ("segments",)),
    ("pyramid", _l("The loyalty pyramid"),
     ("lost_after_days", "new_within_days", "advocate_within_days", "advocate_min_r", "leaving_max_r",
      "leaving_decline_percent", "leaving_complaints", "core_min_f", "core_min_m", "regular_min_f")),
    ("clv", _l("Lifetime value"), ("clv_months", "discount_percent")),
)
"""The settings other than the strategies, grouped as the page shows them: (key, title, field names)."""

FIELDS = {
    "period_months": _l("Revenue, the ABC class, frequency, the trend and the development index count the purchases "
                        "of this many months up to the day of the computation. Recency, being still active and "
                        "lifetime value look at the whole history."),
    "abc_a_percent": _l("Customers are ranked by the period's revenue, largest first (equal revenue: the lower "
                        "customer id first). A customer is in class A while the revenue of the customers ranked "
                        "before them is under this share of the total, so the customer who crosses the line is "
                        "still A."),
    "abc_b_percent": _l("Class B is the next share of revenue after A, by the same rule; everyone else with revenue in "
                        "the period is C. Customers without revenue in the period have no class."),
    "segments": _l("Recency (R), frequency (F) and monetary (M) scores go from 1 to 5 by quintiles of the "
                   "workspace's buying customers: a customer's score is 1 + ⌊5 × w / n⌋, where w of the n customers "
                   "have a strictly worse value, so equal values share a score. The rules are tried in order and the "
                   "first that matches names the segment; a customer no rule matches is in \"Other\"."),
    "lost_after_days": _l("A customer whose last purchase is older than this is lost, whatever else holds."),
    "new_within_days": _l("A customer whose first purchase is at most this many days old is new: too new to judge a "
                          "trend on."),
    "advocate_within_days": _l("A referral recorded in this many days before the computation marks the customer as "
                               "an advocate."),
    "advocate_min_r": _l("An advocate must also still buy: at least this recency score."),
    "leaving_max_r": _l("A recency score this low or lower is a warning sign: the customer is on the edge of "
                        "leaving."),
    "leaving_decline_percent": _l("So is a fall of the revenue of the period's second half by at least this share "
                                  "against its first half."),
    "leaving_complaints": _l("So are this many open complaints or more (from service support, when it is on)."),
    "core_min_f": _l("Core customers buy often and much: at least this frequency score..."),
    "core_min_m": _l("...and at least this monetary score."),
    "regular_min_f": _l("Active regulars buy steadily: at least this frequency score. Customers who buy but fit no "
                        "other layer are inactive: they buy little from us, presumably more from others."),
    "clv_months": _l("Lifetime value is the spend expected over this many months, from the BG/NBD model (expected "
                     "purchases, the probability of being still active) and the Gamma-Gamma model (spend per "
                     "purchase), both fitted on the workspace's history."),
    "discount_percent": _l("Future spend is discounted at this annual rate, month by month, to today's money."),
}


def layer_rules(rules):
    """{layer: the sentence that puts a customer in it}, with the workspace's numbers from `rules` (settings)."""
    return {
        "onlooker": _("Never bought: no purchase up to the day computed as of."),
        "lost": _("The last purchase is more than %(days)s days old.", days=rules["lost_after_days"]),
        "advocate": _("A referral in the last %(days)s days, and a recency score of at least %(r)s.",
                      days=rules["advocate_within_days"], r=rules["advocate_min_r"]),
        "new": _("The first purchase is at most %(days)s days old.", days=rules["new_within_days"]),
        "leaving": _("A recency score of at most %(r)s, or the revenue of the period's second half fell by "
                     "%(percent)s%% or more against its first half, or at least %(complaints)s open complaints.",
                     r=rules["leaving_max_r"], percent=rules["leaving_decline_percent"],
                     complaints=rules["leaving_complaints"]),
        "core": _("A frequency score of at least %(f)s and a monetary score of at least %(m)s.",
                  f=rules["core_min_f"], m=rules["core_min_m"]),
        "regular": _("A frequency score of at least %(f)s.", f=rules["regular_min_f"]),
        "inactive": _("Everyone else who bought."),
    }
