"""Named RFM segments: ordered rules over the R, F and M scores, the first rule a customer matches names it.

A rule is written `name: R4-5 F4-5` (docs/insights.md, "Segments"): a letter
with a score or a range of scores, a letter left out matches any score. The
default rules are the usual RF grid (champions, loyal, ... hibernating); they
cover all 25 R×F cells, so every scored customer has a segment. Custom rules
that leave cells uncovered put those customers in "other".
"""
import re
from dataclasses import dataclass

import numpy as np

from crm_platform.sdk import lazy_gettext as _l

OTHER = "other"

DEFAULT_RULES = (
    "champions: R5 F4-5",
    "loyal: R3-4 F4-5",
    "potential_loyalists: R4-5 F2-3",
    "new_customers: R5 F1",
    "promising: R4 F1",
    "need_attention: R3 F3",
    "about_to_sleep: R3 F1-2",
    "cannot_lose: R1-2 F5",
    "at_risk: R1-2 F3-4",
    "hibernating: R1-2 F1-2",
)

LABELS = {
    "champions": _l("Champions"),
    "loyal": _l("Loyal"),
    "potential_loyalists": _l("Potential loyalists"),
    "new_customers": _l("New customers"),
    "promising": _l("Promising"),
    "need_attention": _l("Need attention"),
    "about_to_sleep": _l("About to sleep"),
    "cannot_lose": _l("Cannot lose them"),
    "at_risk": _l("At risk"),
    "hibernating": _l("Hibernating"),
    OTHER: _l("Other"),
}
"""Names of the default segments; a workspace's own segment names are shown as written."""

_RULE = re.compile(r"^\s*(?P<name>[^:]{1,40}?)\s*:\s*(?P<terms>.*?)\s*$")
_TERM = re.compile(r"^(?P<letter>[RFMrfm])(?P<low>[1-5])(?:-(?P<high>[1-5]))?$")


@dataclass(frozen=True)
class SegmentRule:
    """One segment: its name and the inclusive score range it takes for each of R, F and M."""

    name: str
    r: tuple = (1, 5)
    f: tuple = (1, 5)
    m: tuple = (1, 5)

    def matches(self, r, f, m):
        """Whether scores (r, f, m) fall in this rule's ranges."""
        return self.r[0] <= r <= self.r[1] and self.f[0] <= f <= self.f[1] and self.m[0] <= m <= self.m[1]


def parse_rule(text):
    """The SegmentRule written as `text`; ValueError saying what is wrong."""
    found = _RULE.match(text or "")
    if not found or not found["terms"]:
        raise ValueError(f"{text!r}: write a name, a colon and scores, e.g. \"champions: R5 F4-5\"")
    ranges = {}
    for term in found["terms"].split():
        part = _TERM.match(term)
        if not part:
            raise ValueError(f"{term!r}: write a letter R, F or M and a score 1-5 or a range, e.g. F4-5")
        letter, low = part["letter"].lower(), int(part["low"])
        high = int(part["high"] or low)
        if letter in ranges or high < low:
            raise ValueError(f"{term!r}: each letter once, the lower score first")
        ranges[letter] = (low, high)
    return SegmentRule(found["name"], **ranges)


def parse_rules(lines):
    """The SegmentRules of `lines` (a list, or one text of lines or ";"-separated rules) in order; ValueError on the first bad line or a name used twice."""
    if isinstance(lines, str):
        lines = re.split(r"[\n;]", lines)
    rules = [parse_rule(line) for line in lines if line.strip()]
    names = [rule.name for rule in rules]
    if len(set(names)) != len(names):
        raise ValueError("each segment name once")
    return rules


def segment_names(rules, r_score, f_score, m_score):
    """Per customer, the name of the first of `rules` its masked R, F, M scores match; "other" if none, None unscored."""
    names = np.full(len(r_score), None, dtype=object)
    open_ = ~np.ma.getmaskarray(r_score)
    r, f, m = (np.ma.getdata(score) for score in (r_score, f_score, m_score))
    for rule in rules:
        hit = open_ & (r >= rule.r[0]) & (r <= rule.r[1]) & (f >= rule.f[0]) & (f <= rule.f[1]) \
            & (m >= rule.m[0]) & (m <= rule.m[1])
        names[hit] = rule.name
        open_ &= ~hit
    names[open_] = OTHER
    return names


def segment_label(name):
    """What segment `name` is called: the default segments' translated names, a workspace's own as written."""
    return LABELS.get(name, name)
