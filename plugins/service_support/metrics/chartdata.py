"""The parts every metrics chart is built from: a series, hours from minutes, and the names of people and teams."""
from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, gettext as _


def series(key, name, data, stack=None, axis=0, table_only=False):
    """One ChartSchema series: `key` for programs, `name` for people, a value per category."""
    return {"key": key, "name": str(name), "data": list(data), "stack": stack, "axis": axis, "table_only": table_only}


def hours(minutes):
    """Business minutes as hours (two decimals), None staying None."""
    return None if minutes is None else round(float(minutes) / 60, 2)


def percent(part, whole):
    """`part` of `whole` in percent (one decimal); None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def person_names(ids):
    """{user id: name} of `ids`."""
    ids = [user_id for user_id in ids if user_id is not None]
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def team_names(ids):
    """{unit id: name} of `ids`; None (a ticket in no team's queue) is "No team"."""
    names = {None: _("No team")}
    ids = [unit_id for unit_id in ids if unit_id is not None]
    if ids:
        names.update(db.session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids))).all())
    return names


def by_name(keys, names):
    """`keys` in the order of their names (a missing key, None, last)."""
    return sorted(keys, key=lambda key: (key is None, str(names.get(key, "")).casefold(), key or 0))
