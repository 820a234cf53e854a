"""A run's fitted models (Run.models) as the runs page shows them: each model's parameters, and what was left out.

The engine (engine/clv.py, analyse.py) writes `left_out` with counts and with
reason codes, each with its figures; the sentences here say them in the
reader's language.
"""
from crm_platform.sdk import format_decimal, gettext as _, lazy_gettext as _l

MODELS = (
    ("bgnbd", _l("BG/NBD: purchases and the probability of being still active"), ("r", "alpha", "a", "b")),
    ("gamma_gamma", _l("Gamma-Gamma: spend per purchase"), ("p", "q", "v")),
)

REASONS = {
    "too_few_repeat_buyers": lambda d: _(
        "Lifetime value was not computed: %(repeat_buyers)s customers bought on more than one day, and the models "
        "need at least %(minimum)s.", repeat_buyers=d.get("repeat_buyers"), minimum=d.get("minimum")),
    "bgnbd_not_converged": lambda d: _("Lifetime value was not computed: the BG/NBD fit did not converge."),
    "too_few_spenders": lambda d: _(
        "Expected spend was not computed: %(spenders)s customers spent on a repeat purchase day, and the "
        "Gamma-Gamma model needs at least %(minimum)s.", spenders=d.get("spenders"), minimum=d.get("minimum")),
    "gamma_gamma_not_converged": lambda d: _("Expected spend was not computed: the Gamma-Gamma fit did not "
                                             "converge."),
    "unbounded_spend": lambda d: _("Expected spend was not computed: the Gamma-Gamma fit has q ≤ 1, so its mean "
                                   "spend is unbounded."),
}
"""Why a model was not fitted, by the engine's reason code, with its figures."""

COUNTS = {
    "after_as_of": _l("Purchases after the day computed as of"),
    "unknown_customers": _l("Purchases of customers no longer in the workspace"),
}


def fitted(models):
    """[(label, [(parameter, value as text)], converged)] of the models a run fitted (not fitted: no parameters)."""
    shown = []
    for key, label, parameters in MODELS:
        model = (models or {}).get(key) or {}
        values = [(name, format_decimal(model[name], "#,##0.0000")) for name in parameters
                  if isinstance(model.get(name), (int, float))]
        shown.append((label, values, model.get("converged")))
    return shown


def _reason(detail):
    """A left_out reason ({reason, text, figures...}) in the reader's language; the engine's text for a new code."""
    say = REASONS.get(detail.get("reason"))
    return say(detail) if say else (detail.get("text") or detail.get("reason") or "")


def left_out(models):
    """[(what, how many or None)] a run left out: purchases in other currencies, counts, and why models were not fitted."""
    rows = []
    for key, detail in ((models or {}).get("left_out") or {}).items():
        if key == "other_currencies":
            rows.extend((_("Purchases in %(currency)s (not the workspace currency)", currency=code), count)
                        for code, count in sorted(detail.items()))
        elif key in COUNTS and detail:
            rows.append((str(COUNTS[key]), detail))
        elif isinstance(detail, dict):
            rows.append((_reason(detail), None))
    return rows
