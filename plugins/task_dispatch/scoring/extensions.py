"""Factors and rules other plugins add through the hooks `task_dispatch_factors` and `task_dispatch_rules`.

A plugin answers with a list of dicts (docs/dispatch.md, "Factors and rules from
other plugins"):

- factor: {"key", "label", "description", "score"}; `score(task, user_ids)` returns
  one value 0..1 per user id (a sequence in that order, or {user_id: value}, absent 0);
- rule: {"key", "label", "description" (optional), "check"}; `check(task, user_ids)`
  returns the ids it refuses (an iterable, or {user_id: why-not text}).

Everything is validated: a malformed definition, a key clashing with a built-in
or an earlier one, a callable that raises or answers nonsense is logged and
skipped, and scoring goes on without it. Only plugins enabled for the workspace
are asked (so a plugin's factor disappears when it is off). A plugin factor's
weight is the policy's `weight(key)`: 0 until the admin weighs it.
"""
import logging
import re
from dataclasses import dataclass

import numpy as np

from crm_platform.sdk import ask_plugins_named

from plugins.task_dispatch.scoring.factors import BUILTIN_FACTORS
from plugins.task_dispatch.scoring.rules import BUILTIN_RULES

log = logging.getLogger("crm.plugins.task_dispatch")

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
"""A factor's or rule's key: lower-case letters, digits and underscores, at most 40 characters."""


@dataclass(frozen=True)
class PluginFactor:
    """A soft factor another plugin adds."""

    key: str
    label: str
    description: str
    plugin: str
    score: object


@dataclass(frozen=True)
class PluginRule:
    """A hard rule another plugin adds."""

    key: str
    label: str
    description: str
    plugin: str
    check: object


def _definitions(hook, builtin, required, make):
    """The valid definitions the enabled plugins give to `hook`, each made with `make(plugin, item)`."""
    taken, found = set(builtin), []
    for plugin, answer in ask_plugins_named(hook):
        if not isinstance(answer, (list, tuple)):
            log.warning("plugin %s answered %s with %r, not a list: ignored", plugin, hook, type(answer).__name__)
            continue
        for item in answer:
            if not (isinstance(item, dict) and isinstance(item.get("key"), str) and KEY.match(item["key"])
                    and item.get("label") and callable(item.get(required))):
                log.warning("plugin %s gave %s an invalid item %r: skipped", plugin, hook, item)
                continue
            if item["key"] in taken:
                log.warning("plugin %s gave %s the key %r already taken: skipped", plugin, hook, item["key"])
                continue
            taken.add(item["key"])
            found.append(make(plugin, item))
    return found


def plugin_factors():
    """The soft factors of the workspace's enabled plugins, validated."""
    return _definitions("task_dispatch_factors", BUILTIN_FACTORS, "score", lambda plugin, item: PluginFactor(
        item["key"], item["label"], item.get("description") or "", plugin, item["score"]))


def plugin_rules():
    """The hard rules of the workspace's enabled plugins, validated."""
    return _definitions("task_dispatch_rules", BUILTIN_RULES, "check", lambda plugin, item: PluginRule(
        item["key"], item["label"], item.get("description") or "", plugin, item["check"]))


def available_factors():
    """Every factor the policy can weigh: [{"key", "label", "description", "plugin"}], built-in (plugin None) first."""
    return ([{"key": key, "label": str(label), "description": str(text), "plugin": None}
             for key, (label, text) in BUILTIN_FACTORS.items()]
            + [{"key": f.key, "label": str(f.label), "description": str(f.description), "plugin": f.plugin}
               for f in plugin_factors()])


def available_rules():
    """Every hard rule in force: [{"key", "label", "description", "plugin"}], built-in (plugin None) first."""
    return ([{"key": key, "label": str(label), "description": str(text), "plugin": None}
             for key, (label, text) in BUILTIN_RULES.items()]
            + [{"key": r.key, "label": str(r.label), "description": str(r.description), "plugin": r.plugin}
               for r in plugin_rules()])


def factor_values(factor, task, user_ids):
    """The plugin factor's values for `task` (an array by column), or None when it fails or answers nonsense."""
    try:
        answer = factor.score(task, list(user_ids))
        if isinstance(answer, dict):
            answer = [answer.get(user_id, 0.0) for user_id in user_ids]
        values = np.asarray(list(answer), dtype=float)
        if values.shape != (len(user_ids),) or not np.all((values >= 0) & (values <= 1)):  # NaN fails too
            raise ValueError("one value 0..1 per person expected")
    except Exception:  # a plugin's factor never breaks scoring: it is left out of this task's total
        log.exception("plugin %s: factor %s failed; left out", factor.plugin, factor.key)
        return None
    return values


def rule_refusals(rule, task, user_ids):
    """{user_id: text or None} the plugin rule refuses for `task`; {} when it fails (logged, nobody refused by it)."""
    try:
        answer = rule.check(task, list(user_ids))
        if isinstance(answer, dict):
            return {int(user_id): (str(text) if text else None) for user_id, text in answer.items()}
        return {int(user_id): None for user_id in (answer or ())}
    except Exception:  # a plugin's rule never breaks scoring
        log.exception("plugin %s: rule %s failed; ignored", rule.plugin, rule.key)
        return {}
