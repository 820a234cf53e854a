"""The forecast's figure names in the reader's language (pages, the gauges and the dashboard widget)."""
from crm_platform.sdk import gettext as _


def figure_labels():
    """{figure: label} of every figure a forecast cell holds that a page names."""
    return {"weighted": _("Weighted amount"), "commit": _("Commit"), "best_case": _("Best case"),
            "pipeline": _("Pipeline"), "won": _("Amount won"), "quota": _("Quota"), "achieved": _("Achieved"),
            "attainment": _("Attainment")}


def basis_label(basis):
    """What quotas count, as a column heading: amount won or amount collected."""
    return _("Amount collected") if basis == "collected" else _("Amount won")
