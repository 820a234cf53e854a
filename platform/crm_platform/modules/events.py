"""Calling tenant hooks one plugin at a time, so one plugin's failure stays its own.

A plugin that raises is logged with its name and skipped; the caller's request
and the core's already-committed write are unaffected.
"""
import logging

from flask_babel import gettext as _

from crm_platform.extensions import db
from crm_platform.modules.registry import current_registry
from crm_platform.modules.state import installed_hook, tenant_hook

log = logging.getLogger("crm.plugins")


def call_each(hook, check=None, **kwargs):
    """Call `hook` on each of the tenant's plugins; returns [(plugin name, result)] of those that worked.

    `check(result)` may raise to refuse a result of the wrong shape; it counts
    as that plugin failing, so bad output cannot break the page for everyone.
    """
    results = []
    for impl in tenant_hook(hook).get_hookimpls():
        try:
            result = impl.function(*[kwargs[arg] for arg in impl.argnames])
            if check is not None:
                check(result)
        except Exception:  # isolation is the point: log it with the plugin's name, go on
            log.exception("plugin %s failed in %s", impl.plugin_name, hook)
            db.session.rollback()
            continue
        results.append((impl.plugin_name, result))
    return results


def collect(hook, item_type, valid=None, **kwargs):
    """The `item_type` items the tenant's plugins return from a list-returning hook, in one list.

    A plugin whose result is not a list of `item_type` (each passing `valid`, if
    given) is logged and skipped.
    """
    def check(result):
        if result is None:
            return
        if not isinstance(result, (list, tuple)) or not all(isinstance(item, item_type) for item in result):
            raise TypeError(f"{hook} must return a list of {item_type.__name__}")
        for item in result:
            if valid is not None:
                valid(item)

    return [item for _, items in call_each(hook, check=check, **kwargs) for item in (items or ())]


def emit(event, **kwargs):
    """Tell the tenant's plugins about a committed domain event; each one's writes are committed on its own."""
    for impl in tenant_hook(event).get_hookimpls():
        try:
            impl.function(*[kwargs[arg] for arg in impl.argnames])
            db.session.commit()
        except Exception:  # a plugin's failure never undoes the core write or fails the request
            log.exception("plugin %s failed reacting to %s", impl.plugin_name, event)
            db.session.rollback()


def ask_plugins(hook, **kwargs):
    """The answers (None left out) of the tenant's plugins to a hook that plugins declare; [] when none answers.

    Made for one module asking another (`crm_hookspecs`): a hook nobody declares
    (the offering module is not installed) and a disabled module give no answer.
    Each plugin runs in a savepoint: one that raises is logged and its writes are
    undone, while the caller's own unfinished transaction stays intact.
    """
    return [answer for _, answer in ask_plugins_named(hook, **kwargs)]


def ask_plugins_named(hook, **kwargs):
    """Like `ask_plugins`, each answer paired with the name of the plugin that gave it: [(name, answer)]."""
    if not current_registry().declares(hook):
        return []
    answers = []
    for impl in tenant_hook(hook).get_hookimpls():
        try:
            with db.session.begin_nested():
                answer = impl.function(*[kwargs[arg] for arg in impl.argnames])
        except Exception:  # the asking module falls back as it documents; the request goes on
            log.exception("plugin %s failed answering %s", impl.plugin_name, hook)
            continue
        if answer is not None:
            answers.append((impl.plugin_name, answer))
    return answers


def can_ask(hook):
    """Whether `ask_plugins(hook)` would reach anyone: an enabled plugin of the workspace implements the request.

    For offering an action only when some module can serve it (a Dispatch
    button), without naming that module.
    """
    return current_registry().declares(hook) and bool(tenant_hook(hook).get_hookimpls())


def objections(hook, **kwargs):
    """The texts every installed plugin (enabled or not) gives against an action; [] lets it go ahead.

    Disabled plugins are asked too, since their data stays in place while they are
    off. A plugin that fails objects: the action (a deletion) cannot be undone.
    """
    reasons = []
    for impl in installed_hook(hook).get_hookimpls():
        try:
            reasons += [str(reason) for reason in impl.function(*[kwargs[arg] for arg in impl.argnames]) or ()]
        except Exception:  # fail closed, and say which module could not answer
            log.exception("plugin %s failed in %s", impl.plugin_name, hook)
            reasons.append(_("The module %(name)s could not check its records.", name=impl.plugin_name))
    return reasons
