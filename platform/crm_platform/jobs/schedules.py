"""Periodic jobs: what runs when, per workspace (the core's and the plugins' schedules)."""
from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Schedule:
    """A job kind run periodically for every workspace (for a plugin's: every workspace that enabled it).

    `every` is "daily" (at `at`, the workspace's local time) or a number of
    seconds; the job runs as the workspace (no user) with `params`.
    """

    name: str
    kind: str
    every: object = "daily"
    at: time = time(6, 0)
    params: tuple = ()  # (key, value) pairs: a frozen dataclass needs hashable fields


_SCHEDULES = {}


def register_schedule(schedule):
    """Register (or replace) one of the core's schedules."""
    _SCHEDULES[schedule.name] = schedule


def core_schedules():
    """The core's schedules, by name."""
    return dict(_SCHEDULES)
