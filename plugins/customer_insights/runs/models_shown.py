"""A run's fitted models (Run.models) as the runs page shows them: each model's parameters, and what was left out."""
from crm_platform.sdk import format_decimal, lazy_gettext as _l

MODELS = (
    ("bgnbd", _l("BG/NBD: purchases and the probability of being still active"), ("r", "alpha", "a", "b")),
    ("gamma_gamma", _l("Gamma-Gamma: spend per purchase"), ("p", "q", "v")),
)


def fitted(models):
    """[(label, [(parameter, value as text)], converged)] of the models a run fitted (those it could not fit: no parameters)."""
    shown = []
    for key, label, parameters in MODELS:
        model = (models or {}).get(key) or {}
        values = [(name, format_decimal(model[name], "#,##0.0000")) for name in parameters
                  if isinstance(model.get(name), (int, float))]
        shown.append((label, values, model.get("converged")))
    return shown


def left_out(models):
    """[(what, how many)] a run left out: purchases in other currencies by currency, and the engine's own reasons."""
    rows = []
    for reason, detail in ((models or {}).get("left_out") or {}).items():
        if reason == "other_currencies":
            rows.extend((_l("Purchases in %(currency)s (not the workspace currency)", currency=code), count)
                        for code, count in sorted(detail.items()))
        elif detail:
            rows.append((reason.replace("_", " "), detail))
    return rows
