"""What classes, segments and layers are called and offered as, for pages, the API, filters and charts."""
from crm_platform.sdk import lazy_gettext as _l

from plugins.customer_insights.engine.segments import OTHER, parse_rules, segment_label
from plugins.customer_insights.layers import layer_label
from plugins.customer_insights.models.scores import ABC_CLASSES
from plugins.customer_insights.visible import LAYERS_TOP_DOWN

CLASS_LABELS = {"A": _l("Class A"), "B": _l("Class B"), "C": _l("Class C")}


def class_label(abc_class):
    """What class `abc_class` is called ("Class A"); None for customers without one."""
    return CLASS_LABELS.get(abc_class) if abc_class else None


def class_choices():
    """[(class, label)] of the ABC classes, A first."""
    return [(name, CLASS_LABELS[name]) for name in ABC_CLASSES]


def segment_names(settings):
    """The workspace's segment names in the order of its rules, then "other" (customers no rule matched)."""
    names = [rule.name for rule in parse_rules(settings["segments"])]
    return names + ([OTHER] if OTHER not in names else [])


def segment_choices(settings):
    """[(segment, label)] of the workspace's segments, in the order of its rules."""
    return [(name, segment_label(name)) for name in segment_names(settings)]


def layer_choices():
    """[(layer, label)] of the pyramid's layers from the top (advocates) down."""
    return [(layer, layer_label(layer)) for layer in LAYERS_TOP_DOWN]
