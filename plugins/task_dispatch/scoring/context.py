"""Everything scoring needs about the people, loaded once in a few set-based queries and held as numpy arrays."""
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from sqlalchemy import Text, cast, func, select

from crm_platform.sdk import TimeOff, User, db, merge_intervals, utcnow, workspace_calendar, workspace_today

from plugins.task_dispatch.fairness import assigned_effort
from plugins.task_dispatch.models import CatalogueItem, Certification, CustomerPerson, Profile, Task
from plugins.task_dispatch.tasks.service import open_effort

NO_EXPIRY = np.iinfo(np.int64).max
"""The expiry (a date's ordinal) of a certification that never expires."""
NO_CERTIFICATE = -1
"""The expiry of a certification nobody holds."""


@dataclass
class Context:
    """The policy, the people who take tasks (the matrix columns, `user_ids` order) and what is known of them."""

    policy: object
    now: object
    today: object
    calendar: object
    user_ids: list
    names: list
    index: dict                     # user id -> column
    capacity: np.ndarray            # points
    open_load: np.ndarray           # effort of the open tasks each holds
    regions: list                   # home region or None
    region_codes: dict              # region name -> code
    region_of: np.ndarray           # int [person]: the home region's code, -1 where none
    tenure_years: np.ndarray        # NaN where no hire date
    post_years: np.ndarray          # NaN where no post date
    performance: np.ndarray         # NaN where no figure yet
    performance_tasks: np.ndarray   # finished tasks the figure rests on
    skill_columns: dict             # skill key -> column of `levels`
    levels: np.ndarray              # int8 [person, skill], 0 where not held
    resource_columns: dict          # resource key -> column of `resources`
    resources: np.ndarray           # bool [person, resource]
    certified: frozenset            # skill keys that count only with a valid certification
    certificates: dict              # skill key -> int64 [person]: the latest expiry's ordinal (NO_CERTIFICATE/NO_EXPIRY)
    catalogue_names: dict           # (kind, key) -> name
    assigned_recently: np.ndarray   # effort assigned within the fairness window
    served: dict                    # customer id -> int [person]: finished tasks within the continuity window
    preferred: dict                 # customer id -> set of columns
    excluded: dict                  # customer id -> set of columns
    time_off: dict                  # column -> sorted, merged [(start, end)] ending after now
    factors: list = field(default_factory=list)   # plugin factors (extensions.PluginFactor)
    rules: list = field(default_factory=list)     # plugin rules (extensions.PluginRule)
    windows: dict = field(default_factory=dict)   # (start, end) -> duty.Window, computed once per window


def _years(today, dates):
    """Whole and part years from each date to today (NaN where there is none; never negative)."""
    return np.array([max((today - d).days, 0) / 365.25 if d is not None else np.nan for d in dates], dtype=float)


def _people():
    """(user id, name, profile id, capacity, region, hire, post, performance, skills, resources, performance tasks)
    of who takes tasks.

    The JSON columns come as text and are decoded in one call: decoding ten
    thousand small documents one by one costs more than the query.
    """
    rows = db.session.execute(
        select(Profile.user_id, User.name, Profile.id, Profile.capacity, Profile.home_region, Profile.hire_date,
               Profile.post_date, Profile.performance, cast(Profile.skills, Text), cast(Profile.resources, Text),
               Profile.performance_tasks)
        .join(User, User.id == Profile.user_id)
        .where(Profile.takes_tasks.is_(True), User.active.is_(True))
        .order_by(Profile.user_id)).all()
    decoded = json.loads("[" + ",".join(f"[{row[8] or 'null'},{row[9] or 'null'}]" for row in rows) + "]")
    return [(*row[:8], skills, resources, row[10]) for row, (skills, resources) in zip(rows, decoded)]


def _key_matrix(rows, dtype):
    """Columns for every key the people name, and the [person, key] matrix of their values."""
    columns = {}
    for held in rows:
        for key in held:
            columns.setdefault(key, len(columns))
    matrix = np.zeros((len(rows), max(len(columns), 1)), dtype=dtype)
    for row, held in enumerate(rows):
        for key, value in held.items():
            matrix[row, columns[key]] = value
    return columns, matrix


def _per_person(index, rows):
    """{user id: value} rows as an array in column order (0 where absent)."""
    values = np.zeros(len(index), dtype=float)
    for user_id, value in rows:
        if user_id in index:
            values[index[user_id]] = float(value or 0)
    return values


def _certificates(index, profile_users, certified):
    """skill key -> the latest expiry per person of a certification for that skill."""
    found = {key: np.full(len(index), NO_CERTIFICATE, dtype=np.int64) for key in certified}
    if not certified:
        return found
    rows = db.session.execute(select(Certification.profile_id, Certification.skill_key, Certification.expires_on)
                              .where(Certification.skill_key.in_(sorted(certified)))).all()
    for profile_id, key, expires in rows:
        column = index.get(profile_users.get(profile_id))
        if column is not None:
            found[key][column] = max(found[key][column], expires.toordinal() if expires else NO_EXPIRY)
    return found


def _customer_people(index):
    """The customers' preferred and excluded people as {customer id: set of columns} each."""
    preferred, excluded = defaultdict(set), defaultdict(set)
    for customer_id, user_id, relation in db.session.execute(
            select(CustomerPerson.customer_id, CustomerPerson.user_id, CustomerPerson.relation)).all():
        if user_id in index:
            (preferred if relation == "preferred" else excluded)[customer_id].add(index[user_id])
    return dict(preferred), dict(excluded)


def _served(index, since):
    """{customer id: finished tasks per person} within the continuity window."""
    served = {}
    for customer_id, user_id, count in db.session.execute(
            select(Task.customer_id, Task.assignee_id, func.count())
            .where(Task.status == "done", Task.customer_id.is_not(None), Task.finished_at >= since)
            .group_by(Task.customer_id, Task.assignee_id)).all():
        if user_id in index:
            served.setdefault(customer_id, np.zeros(len(index), dtype=float))[index[user_id]] = count
    return served


def _time_off(index, now):
    """column -> merged time off ending after now (only people who have any)."""
    blocks = defaultdict(list)
    for user_id, starts, ends in db.session.execute(
            select(TimeOff.user_id, TimeOff.starts_at, TimeOff.ends_at).where(TimeOff.ends_at > now)).all():
        if user_id in index and starts < ends:
            blocks[index[user_id]].append((starts, ends))
    return {column: merge_intervals(found) for column, found in blocks.items()}


def load_context(policy, now=None):
    """The context of `policy` at `now` (default: now): people, loads, history, calendar; no plugin parts yet."""
    now = now or utcnow()
    today = workspace_today(now)
    people = _people()
    user_ids = [row[0] for row in people]
    index = {user_id: column for column, user_id in enumerate(user_ids)}
    profile_users = {row[2]: row[0] for row in people}
    skill_columns, levels = _key_matrix([row[8] or {} for row in people], np.int8)
    resource_columns, resources = _key_matrix([dict.fromkeys(row[9] or (), True) for row in people], bool)
    catalogue = db.session.execute(select(CatalogueItem.kind, CatalogueItem.key, CatalogueItem.name,
                                          CatalogueItem.certified)).all()
    certified = frozenset(key for kind, key, _, flag in catalogue if kind == "skill" and flag)
    window_start = now - timedelta(days=float(policy.parameter("fairness_window_days")))
    loads = open_effort().items()
    recent = assigned_effort(window_start).items()
    preferred, excluded = _customer_people(index)
    regions = [(row[4] or "").strip() or None for row in people]
    region_codes = {name: code for code, name in enumerate(sorted({name for name in regions if name}))}
    return Context(
        policy=policy, now=now, today=today, calendar=workspace_calendar(), user_ids=user_ids,
        names=[row[1] for row in people], index=index,
        capacity=np.array([row[3] for row in people], dtype=float), open_load=_per_person(index, loads),
        regions=regions, region_codes=region_codes,
        region_of=np.array([region_codes.get(name, -1) for name in regions], dtype=np.int64),
        tenure_years=_years(today, [row[5] for row in people]), post_years=_years(today, [row[6] for row in people]),
        performance=np.array([np.nan if row[7] is None else row[7] for row in people], dtype=float),
        performance_tasks=np.array([row[10] or 0 for row in people], dtype=float),
        skill_columns=skill_columns, levels=levels, resource_columns=resource_columns, resources=resources,
        certified=certified, certificates=_certificates(index, profile_users, certified),
        catalogue_names={(kind, key): name for kind, key, name, _ in catalogue},
        assigned_recently=_per_person(index, recent),
        served=_served(index, now - timedelta(days=float(policy.parameter("continuity_days")))),
        preferred=preferred, excluded=excluded, time_off=_time_off(index, now))
