"""First-response and resolution times per person or per team in the period: median and average, in business hours.

The times are the tickets' own columns, which the SLA feature keeps in business
minutes with the pauses left out: `first_response_minutes` of the first public reply
(by `first_responder_id`, counted when `first_response_at` is in the period) and
`resolution_minutes` (by `resolver_id`, when `resolved_at` is in the period).
"""
from sqlalchemy import case, func, or_, select

from crm_platform.sdk import db, gettext as _

from plugins.service_support.metrics.chartdata import by_name, hours, person_names, series, team_names
from plugins.service_support.models import Ticket

TIMINGS = (("first_response", Ticket.first_response_minutes, Ticket.first_responder_id, Ticket.first_response_at),
           ("resolution", Ticket.resolution_minutes, Ticket.resolver_id, Ticket.resolved_at))
"""Each time: its name, its minutes, who achieved it, and when."""


def _timing(scope, group, minutes, person, moment):
    """{person or team id: (count, average minutes, median minutes)} of one kind of time in the period.

    The median is SQL too: rank the times within each group and average the one or
    two in the middle.
    """
    key = person if group == "person" else Ticket.team_unit_id
    where = [scope.tickets(own_column=person), minutes.is_not(None), scope.within(moment)]
    if group == "person":
        where.append(person.is_not(None))
    ranked = select(key.label("key"), minutes.label("minutes"),
                    func.row_number().over(partition_by=key, order_by=minutes).label("rank"),
                    func.count().over(partition_by=key).label("size")).where(*where).subquery()
    middle = or_(ranked.c.rank == (ranked.c.size + 1) // 2, ranked.c.rank == (ranked.c.size + 2) // 2)
    rows = db.session.execute(select(ranked.c.key, func.count(), func.avg(ranked.c.minutes),
                                     func.avg(case((middle, ranked.c.minutes))))
                              .group_by(ranked.c.key)).all()
    return {key: (count, average, median) for key, count, average, median in rows}


def response_times(scope, group="person"):
    """The ChartSchema data of first-response and resolution times per person (or team) in `scope`."""
    figures = {name: _timing(scope, group, *columns) for name, *columns in TIMINGS}
    keys = set(figures["first_response"]) | set(figures["resolution"])
    names = person_names(keys) if group == "person" else team_names(keys)
    keys = by_name(keys, names)

    def column(name, index):
        """One figure of `name` for every key in order (None where the key has no such time)."""
        return [figures[name][key][index] if key in figures[name] else None for key in keys]

    return {
        "categories": [names.get(key, _("Unknown")) for key in keys],
        "keys": keys,
        "series": [
            series("first_response_median", _("First response, median (h)"), map(hours, column("first_response", 2))),
            series("first_response_average", _("First response, average (h)"), map(hours, column("first_response", 1))),
            series("resolution_median", _("Resolution, median (h)"), map(hours, column("resolution", 2))),
            series("resolution_average", _("Resolution, average (h)"), map(hours, column("resolution", 1))),
            series("first_responses", _("First responses"), (n or 0 for n in column("first_response", 0)),
                   table_only=True),
            series("resolutions", _("Resolutions"), (n or 0 for n in column("resolution", 0)), table_only=True),
        ],
    }
