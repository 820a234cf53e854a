"""Periodic jobs: what runs when, per workspace (the core's and the plugins' schedules).

The core registers its schedules at import time with `register_schedule`; a
plugin's come from its `crm_schedules` hook and belong to the app that loaded
it, remembered with the plugin's name so that the tick runs them only for the
workspaces that enabled the plugin (jobs/tick.py).
"""
from dataclasses import dataclass
from datetime import time

from flask import current_app

from crm_platform.workspace.settings import tenant_now

DAILY = "daily"
# The tick runs once a minute, so a shorter interval could not be kept anyway.
MIN_INTERVAL = 60


@dataclass(frozen=True)
class Schedule:
    """A job kind run periodically for every workspace (for a plugin's: every workspace that enabled it).

    `every` is "daily" (at `at`, the workspace's local time) or a number of
    seconds; the job runs as the workspace (no user) with `params`.
    """

    name: str
    kind: str
    every: object = DAILY
    at: time = time(6, 0)
    params: tuple = ()  # (key, value) pairs: a frozen dataclass needs hashable fields


_SCHEDULES = {}


def check_schedule(schedule):
    """Raise TypeError or ValueError when `schedule` is not a well-formed Schedule."""
    if not isinstance(schedule, Schedule):
        raise TypeError("schedules must be Schedule objects")
    if not isinstance(schedule.name, str) or not schedule.name or not isinstance(schedule.kind, str):
        raise TypeError("a Schedule needs a name and a job kind (strings)")
    every = schedule.every
    if every != DAILY and (not isinstance(every, int) or isinstance(every, bool) or every < MIN_INTERVAL):
        raise ValueError(f"schedule {schedule.name!r}: every must be 'daily' or a number of seconds "
                         f">= {MIN_INTERVAL}, not {every!r}")
    if not isinstance(schedule.at, time) or schedule.at.tzinfo is not None:
        raise TypeError(f"schedule {schedule.name!r}: at must be a datetime.time without a time zone "
                        "(it is the workspace's local time)")
    if not all(isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) for pair in schedule.params):
        raise TypeError(f"schedule {schedule.name!r}: params must be (name, value) pairs")


def register_schedule(schedule):
    """Register (or replace) one of the core's schedules."""
    check_schedule(schedule)
    _SCHEDULES[schedule.name] = schedule


def core_schedules():
    """The core's schedules, by name."""
    return dict(_SCHEDULES)


def _plugin_schedules(app):
    return app.extensions.setdefault("crm_schedules", {})


def register_plugin_schedule(app, plugin, schedule):
    """Register plugin `plugin`'s schedule in `app`; names are prefixed with the plugin's and unique."""
    check_schedule(schedule)
    if not (schedule.name == plugin or schedule.name.startswith(plugin + "_")):
        raise ValueError(f"schedule {schedule.name!r} must be named {plugin!r} or start with {plugin + '_'!r}")
    if schedule.name in _SCHEDULES or schedule.name in _plugin_schedules(app):
        raise ValueError(f"schedule {schedule.name!r} is already registered")
    _plugin_schedules(app)[schedule.name] = (plugin, schedule)


def all_schedules(app=None):
    """Every schedule of `app` (default: the current app) as (plugin name or None for the core's, Schedule)."""
    app = app or current_app
    return [(None, s) for s in _SCHEDULES.values()] + list(_plugin_schedules(app).values())


def due_period(schedule, tenant, now):
    """The key of the period `schedule` is due for in `tenant` at `now` (aware UTC), or None when not yet due.

    Daily: the workspace's local date once its local time has reached `at`, so a
    workspace in Shanghai and one in Berlin each get the job at 06:00 of their own
    day. Interval: the number of whole intervals since the epoch. The tick runs
    each (tenant, schedule, period) once; schedule_runs remembers which ran.
    """
    if schedule.every == DAILY:
        local = tenant_now(tenant, now)
        return local.date().isoformat() if local.time() >= schedule.at else None
    return str(int(now.timestamp()) // schedule.every)
