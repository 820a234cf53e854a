"""First-response and resolution times per person or per team in the period: median and average, in business hours.

The figures are the SLA feature's (sla/figures.py `time_figures`, the one
computation the SLA API uses too) over the tickets of the metrics scope: the
first public reply's `first_response_minutes` (by `first_responder_id`, counted
when `first_response_at` is in the period) and `resolution_minutes` (by
`resolver_id`, when `resolved_at` is in the period).
"""
from crm_platform.sdk import gettext as _

from plugins.service_support.metrics.chartdata import by_name, hours, person_names, series, team_names
from plugins.service_support.sla.figures import KINDS, time_figures


def response_times(scope, group="person"):
    """The ChartSchema data of first-response and resolution times per person (or team) in `scope`."""
    figures = {kind: time_figures(kind, group, scope.start, scope.end, scope.tickets) for kind in KINDS}
    keys = set(figures["first_response"]) | set(figures["resolution"])
    names = person_names(keys) if group == "person" else team_names(keys)
    keys = by_name(keys, names)

    def column(kind, name):
        """One figure of `kind` for every key in order (None where the key has no such time)."""
        return [figures[kind][key][name] if key in figures[kind] else None for key in keys]

    return {
        "categories": [names.get(key, _("Unknown")) for key in keys],
        "keys": keys,
        "series": [
            series("first_response_median", _("First response, median (h)"),
                   map(hours, column("first_response", "median"))),
            series("first_response_average", _("First response, average (h)"),
                   map(hours, column("first_response", "average"))),
            series("resolution_median", _("Resolution, median (h)"), map(hours, column("resolution", "median"))),
            series("resolution_average", _("Resolution, average (h)"), map(hours, column("resolution", "average"))),
            series("first_responses", _("First responses"), (n or 0 for n in column("first_response", "count")),
                   table_only=True),
            series("resolutions", _("Resolutions"), (n or 0 for n in column("resolution", "count")), table_only=True),
        ],
    }
