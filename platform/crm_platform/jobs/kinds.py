"""The registry of job kinds: what `kind` names and the function that runs it.

The core's kinds are registered at import time for every app; a plugin's come
from its `crm_job_kinds` hook and belong to the app that loaded the plugin (as
its roles do), marked with the plugin's name so that they run only for the
workspaces that enabled it.
"""
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select


@dataclass
class JobKind:
    """A kind of background job."""

    name: str
    handler: Callable
    label: str
    timeout: int = 3600
    # True when running the job twice does no harm (idempotency keys): only such
    # kinds are retried after a worker died mid-job.
    idempotent: bool = False
    # The plugin that registered the kind (set by the core, never by the plugin); None for the core's.
    plugin: str | None = None


@dataclass
class JobContext:
    """What a handler gets: ids, its user, its params and a progress callback.

    `progress(done, total)` commits the session, so handlers call it at chunk
    boundaries: the chunk's rows and the progress that counts them land together.
    """

    job_id: int
    tenant_id: int
    user: object  # None for jobs the workspace runs itself (schedules)
    params: dict
    progress: Callable = field(repr=False)


class JobSuperseded(Exception):
    """Raised by a handler that finds a newer run of its job has taken over; the runner then stops quietly."""


_KINDS = {}


def register_kind(name, handler, label=None, timeout=3600, idempotent=False):
    """Register (or replace) the handler run for jobs of kind `name`."""
    _KINDS[name] = JobKind(name, handler, label or name, timeout, idempotent)


def _plugin_kinds(app=None):
    """The plugin kinds of `app` (default: the current app), by name; none outside an app."""
    if app is None:
        if not has_app_context():
            return {}
        app = current_app
    return app.extensions.setdefault("crm_job_kinds", {})


def register_plugin_kind(app, plugin, kind):
    """Register plugin `plugin`'s JobKind in `app`; a name the core or another plugin has is refused."""
    if not (kind.name == plugin or kind.name.startswith(plugin + "_")):
        raise ValueError(f"job kind {kind.name!r} must be named {plugin!r} or start with {plugin + '_'!r}")
    if kind.name in _KINDS or kind.name in _plugin_kinds(app):
        raise ValueError(f"job kind {kind.name!r} is already registered")
    _plugin_kinds(app)[kind.name] = replace(kind, plugin=plugin)


def get_kind(name):
    """The JobKind called `name` (the core's, or a plugin's in the current app), or None."""
    return _KINDS.get(name) or _plugin_kinds().get(name)


# The self-test's `delay` is capped so that a test's sleeping job cannot hold a worker for long.
MAX_SELFTEST_DELAY = 5.0


def selftest(ctx):
    """Count to `count` (`delay` seconds a step) with progress, report what the tenant and user see; `fail` raises."""
    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.visibility import customer_criterion

    count = int(ctx.params.get("count", 3))
    delay = min(max(float(ctx.params.get("delay") or 0), 0.0), MAX_SELFTEST_DELAY)
    for done in range(1, count + 1):
        time.sleep(delay)
        ctx.progress(done, count)
    if ctx.params.get("fail"):
        raise RuntimeError(str(ctx.params["fail"]))
    return {
        "counted": count,
        "customers": db.session.scalar(select(func.count(Customer.id))),
        "visible_customers": (db.session.scalar(select(func.count(Customer.id)).where(customer_criterion(ctx.user)))
                              if ctx.user is not None else None),
    }


register_kind("selftest", selftest, _l("Self-test"), timeout=60, idempotent=True)
