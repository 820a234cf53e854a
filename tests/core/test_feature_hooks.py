"""FeatureHooks: a plugin's feature packages answering its hooks together, in order, skipping those without one."""
from types import SimpleNamespace

from crm_platform.sdk import FeatureHooks


def test_gather_joins_the_answers_in_order_and_skips_features_without_the_function():
    first = SimpleNamespace(menu_items=lambda user: [f"{user}: leads"])
    silent = SimpleNamespace()
    second = SimpleNamespace(menu_items=lambda user: [f"{user}: contracts", f"{user}: payments"])
    features = FeatureHooks(first, silent, second)
    assert features.gather("menu_items", "ada") == ["ada: leads", "ada: contracts", "ada: payments"]
    assert features.gather("today_sections", "ada") == []


def test_tell_calls_every_feature_that_listens():
    heard = []
    features = FeatureHooks(SimpleNamespace(customers_merged=lambda kept, gone: heard.append(("a", kept, gone))),
                            SimpleNamespace(),
                            SimpleNamespace(customers_merged=lambda kept, gone: heard.append(("b", kept, gone))))
    assert features.tell("customers_merged", 1, 2) is None
    assert heard == [("a", 1, 2), ("b", 1, 2)]
