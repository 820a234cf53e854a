"""What the Today page shows of follow-ups: the user's own, and for managers their team's overdue work."""
from datetime import timedelta

from crm_platform.customers.forms import ACTIVITY_LABELS
from crm_platform.extensions import db
from crm_platform.follow_ups.queries import (
    SHOWN, count_follow_ups, follow_ups, has_team, team_choices, team_overdue_reminders,
)
from crm_platform.models import Activity
from crm_platform.models.base import utcnow
from crm_platform.opaque_ids import MAX_ID

# Own follow-ups due within this many days show as coming up.
COMING_DAYS = 7
TEAM_FILTERS = ("user_id", "org_unit_id")


def _first(stmt):
    """The first SHOWN rows of `stmt` by due time."""
    return db.session.scalars(stmt.order_by(Activity.follow_up_at, Activity.id).limit(SHOWN)).all()


def team_filter(query):
    """The team filter (a rep, a unit) from the query string; values that are not ids are ignored, as on the list."""
    return {key: int(query[key]) for key in TEAM_FILTERS
            if (query.get(key) or "").isdigit() and int(query[key]) <= MAX_ID}


def follow_up_lists(user, query, today):
    """Today's follow-up lists for `user`: their own overdue and coming up; for a team lead, the team's overdue work.

    The team part (None for reps) holds the overdue follow-ups and care
    reminders of everyone in the user's remit, narrowed by `query`'s rep or unit.
    """
    now = utcnow()
    overdue = {"overdue": True}
    coming = {"due_from": now, "due_to": now + timedelta(days=COMING_DAYS)}
    lists = {"follow_ups_overdue": _first(follow_ups(user, overdue)),
             "follow_ups_overdue_count": count_follow_ups(user, overdue),
             "follow_ups_coming": _first(follow_ups(user, coming)), "team": None,
             "now": now, "activity_labels": ACTIVITY_LABELS}
    if has_team(user):
        chosen = team_filter(query)
        args = {"scope": "team", "overdue": True, **chosen}
        users, units = team_choices(user)
        lists["team"] = {"follow_ups": _first(follow_ups(user, args)), "count": count_follow_ups(user, args),
                         "reminders": team_overdue_reminders(user, chosen, today),
                         "filter": chosen, "users": users, "units": units}
    return lists
