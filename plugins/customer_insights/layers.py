"""The loyalty pyramid's layers as people read them: names, and each layer's default service strategy.

The rules that put a customer in a layer are in engine/layers.py; a
workspace's own strategy texts are settings (`strategy_<layer>`).
"""
from crm_platform.sdk import lazy_gettext as _l

from plugins.customer_insights.models.scores import LAYERS

LAYER_LABELS = {
    "lost": _l("Lost customers"),
    "onlooker": _l("Onlookers"),
    "leaving": _l("On the edge of leaving"),
    "new": _l("New customers"),
    "inactive": _l("Inactive customers"),
    "regular": _l("Active regulars"),
    "core": _l("Core customers"),
    "advocate": _l("Advocates"),
}

DEFAULT_STRATEGIES = {
    "lost": _l("Find out why they left; win back only those worth the cost, with a specific offer."),
    "onlooker": _l("Turn interest into a first order: samples, a small trial order, a visit."),
    "leaving": _l("Act now: call them, settle open complaints, review prices and delivery with them."),
    "new": _l("Welcome them: check the first delivery went well and introduce the full range."),
    "inactive": _l("They buy from several suppliers: show what we do better and ask for a larger share."),
    "regular": _l("Keep the service steady, remind them before they usually reorder, offer volume terms."),
    "core": _l("A named account manager, priority service and regular business reviews; negotiate ahead."),
    "advocate": _l("Thank them, keep them informed first, and ask for references and case studies."),
}


def layer_label(layer):
    """What layer `layer` is called, in the reader's language."""
    return LAYER_LABELS[layer]


def strategy(layer, settings):
    """The service strategy shown for `layer`: the workspace's text, or the module's default."""
    return (settings.get(f"strategy_{layer}") or "").strip() or DEFAULT_STRATEGIES[layer]


