"""SLA compliance, the backlog by age and satisfaction over time, as ChartSchema data for a MetricsScope."""
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select

from crm_platform.sdk import db, gettext as _, lazy_gettext as _l, utcnow, workspace_timezone

from plugins.service_support.metrics.chartdata import by_name, percent, series, team_names
from plugins.service_support.models import Survey, Ticket
from plugins.service_support.models.tickets import PRIORITIES
from plugins.service_support.tickets.labels import PRIORITY_LABELS
from plugins.service_support.tickets.workflow import OPEN_STATUSES

TARGETS = (("first_response", _l("First response"), Ticket.first_response_breached_at, Ticket.first_response_at),
           ("resolution", _l("Resolution"), Ticket.resolution_breached_at, Ticket.resolved_at))
"""Each SLA target: its name, its label, when it was breached, and when it was met."""
AGES = (("under_1d", _l("Under 1 day"), 1), ("1_3d", _l("1–3 days"), 3), ("3_7d", _l("3–7 days"), 7),
        ("7_30d", _l("7–30 days"), 30), ("over_30d", _l("Over 30 days"), None))
"""The backlog's age buckets: key, label, and the age in days (calendar, since created) each ends before."""


def _settled(scope, breached, met_at, grouped):
    """{team id (or None when not `grouped`): (settled, met)} of one SLA target settled in the period.

    A target is settled when it is breached (counted at the breach, met or not
    later) or met without a breach; tickets without an SLA policy have no target.
    """
    settled = or_(scope.within(breached), and_(breached.is_(None), scope.within(met_at)))
    met = func.sum(case((breached.is_(None), 1), else_=0))
    keys = [Ticket.team_unit_id] if grouped else []
    stmt = (select(*keys, func.count(), met)
            .where(scope.tickets(), Ticket.sla_policy_id.is_not(None), settled).group_by(*keys))
    return {row[0] if grouped else None: (row[-2], row[-1] or 0) for row in db.session.execute(stmt) if row[-2]}


def sla_compliance(scope, group="team"):
    """The ChartSchema data of the share of SLA targets met in the period, per team or per target."""
    figures = {name: _settled(scope, breached, met_at, group == "team") for name, _label, breached, met_at in TARGETS}
    if group == "target":
        counts = [figures[name].get(None, (0, 0)) for name, *_rest in TARGETS]
        return {"categories": [str(label) for _name, label, *_rest in TARGETS], "keys": [name for name, *_r in TARGETS],
                "series": [series("met_percent", _("Met (%)"), (percent(met, n) for n, met in counts)),
                           series("measured", _("Measured"), (n for n, _met in counts), table_only=True),
                           series("met", _("Met"), (met for _n, met in counts), table_only=True)]}
    names = team_names(set(figures["first_response"]) | set(figures["resolution"]))
    keys = by_name(set(figures["first_response"]) | set(figures["resolution"]), names)
    drawn, counted = [], []
    for name, label, *_rest in TARGETS:
        counts = [figures[name].get(key, (0, 0)) for key in keys]
        drawn.append(series(f"{name}_met_percent", _("%(target)s met (%%)", target=label),
                            (percent(met, n) for n, met in counts)))
        counted += [series(f"{name}_measured", _("%(target)s measured", target=label), (n for n, _m in counts),
                           table_only=True),
                    series(f"{name}_met", _("%(target)s met", target=label), (met for _n, met in counts),
                           table_only=True)]
    return {"categories": [names[key] for key in keys], "keys": keys, "series": drawn + counted}


def backlog(scope, now=None):
    """The ChartSchema data of the open tickets now, by age bucket and priority (stacked); the period plays no part."""
    now = now or utcnow()
    bucket = case(*((Ticket.created_at > now - timedelta(days=days), index)
                    for index, (_key, _label, days) in enumerate(AGES[:-1])), else_=len(AGES) - 1)
    # Grouped outside: PostgreSQL does not see a CASE with bound values in SELECT and GROUP BY as one expression.
    aged = (select(bucket.label("age"), Ticket.priority.label("priority"))
            .where(scope.tickets(), Ticket.status.in_(OPEN_STATUSES)).subquery())
    counts = defaultdict(int)
    for age, priority, count in db.session.execute(select(aged.c.age, aged.c.priority, func.count())
                                                   .group_by(aged.c.age, aged.c.priority)):
        counts[age, priority] = count
    ages = range(len(AGES))
    return {"categories": [str(label) for _key, label, _days in AGES], "keys": [key for key, *_rest in AGES],
            "series": [series(priority, PRIORITY_LABELS[priority], (counts[age, priority] for age in ages),
                              stack="backlog") for priority in PRIORITIES]
            + [series("total", _("Total"), (sum(counts[age, p] for p in PRIORITIES) for age in ages),
                      table_only=True)]}


def satisfaction(scope):
    """The ChartSchema data of the surveys answered each week of the period: average score (1–5) and count.

    Weeks start on Monday in the workspace's time zone; a week without answers has
    no average (a gap in the line) and a count of 0.
    """
    zone = workspace_timezone()
    weeks, week = [], scope.date_from - timedelta(days=scope.date_from.weekday())
    while week <= scope.date_to:
        weeks.append(week)
        week += timedelta(days=7)
    totals = defaultdict(lambda: [0, 0])
    rows = db.session.execute(select(Survey.answered_at, Survey.score).join(Ticket, Ticket.id == Survey.ticket_id)
                              .where(scope.tickets(), scope.within(Survey.answered_at), Survey.score.is_not(None)))
    for answered_at, score in rows:
        day = answered_at.astimezone(zone).date()
        total = totals[day - timedelta(days=day.weekday())]
        total[0] += 1
        total[1] += score
    return {"categories": [week.isoformat() for week in weeks], "keys": [week.isoformat() for week in weeks],
            "series": [series("average_score", _("Average score"),
                              (round(totals[week][1] / totals[week][0], 2) if totals[week][0] else None
                               for week in weeks)),
                       series("answers", _("Answers"), (totals[week][0] for week in weeks), axis=1)]}
