"""Figures written straight into the module's tables, so every figure a view shows is worked out by hand in the test.

`FIGURES` is acme's set (globex gets `GLOBEX`, so a leak shows): revenue of the
period in yuan, class, segment, layer, and a few more per world customer.
`SNAPSHOTS` holds three month-end snapshots of layers. Who sees whom (the world):
rep_n1 sees n1_alpha, n1_beta and s1_shared (shared with them); manager_north
n1_alpha, n1_beta, n2 and north_mgr; rep_n2 only n2; admin and executive all seven.
"""
from datetime import date, datetime, timezone
from decimal import Decimal

from plugins.customer_insights.models import Run, Score, Snapshot

AS_OF = date(2026, 11, 30)
COLUMNS = ("revenue", "abc_class", "segment", "layer", "clv", "cdi", "p_alive", "last_purchase_on")
FIGURES = {
    #            revenue  class  segment           layer       clv        cdi    p_alive  last purchase
    "n1_alpha": ("400.00", "A", "at_risk", "leaving", "900.00", 60.0, 0.35, date(2026, 5, 2)),
    "n1_beta": ("200.00", "A", "champions", "core", "1500.00", 120.0, 0.95, date(2026, 11, 20)),
    "n2": ("150.00", "A", "loyal", "regular", "300.00", 110.0, 0.9, date(2026, 11, 1)),
    "s1": ("100.00", "A", "at_risk", "leaving", "150.50", 70.0, 0.4, date(2026, 6, 30)),
    "s1_shared": ("100.00", "B", "champions", "advocate", "800.00", 150.0, 0.99, date(2026, 11, 28)),
    "north_mgr": ("50.00", "C", "new_customers", "new", None, None, None, date(2026, 10, 15)),
    "house": ("0.00", None, None, "onlooker", None, None, None, None),
}
GLOBEX = {key: ("9999.00", "C", "hibernating", "lost", "1.00", 5.0, 0.01, date(2024, 1, 1)) for key in FIGURES}
SNAPSHOTS = {
    date(2026, 9, 1): {"n1_alpha": "core", "n1_beta": "core", "n2": "regular", "s1": "core",
                       "s1_shared": "advocate", "house": "onlooker"},
    date(2026, 10, 1): {"n1_alpha": "core", "n1_beta": "core", "n2": "regular", "s1": "leaving",
                        "s1_shared": "advocate", "north_mgr": "new", "house": "onlooker"},
    date(2026, 11, 1): {"n1_alpha": "leaving", "n1_beta": "core", "n2": "regular", "s1": "leaving",
                        "s1_shared": "advocate", "north_mgr": "new", "house": "onlooker"},
}


def score_row(customer_id, figures, **more):
    """A Score row of `figures` (a FIGURES tuple), R/F/M scores and the rest filled plausibly, `more` on top."""
    values = dict(zip(COLUMNS, figures))
    bought = values["abc_class"] is not None
    row = {"customer_id": customer_id, "as_of": AS_OF, "revenue": Decimal(values["revenue"]),
           "abc_class": values["abc_class"], "segment": values["segment"], "layer": values["layer"],
           "clv": Decimal(values["clv"]) if values["clv"] else None, "cdi": values["cdi"],
           "p_alive": values["p_alive"], "last_purchase_on": values["last_purchase_on"],
           "r_score": 4 if bought else None, "f_score": 3 if bought else None, "m_score": 5 if bought else None,
           "frequency": 3 if bought else 0, "purchases": 5 if bought else 0,
           "expected_purchases": 2.5 if values["p_alive"] else None,
           "first_purchase_on": date(2025, 1, 10) if bought else None}
    row.update(more)
    return Score(**row)


def add_scores(tenant_session, world, tenant="acme", figures=None, run=True, models=None):
    """Write `figures` ({customer key: tuple}; FIGURES, GLOBEX by default) as Score rows, and a finished Run."""
    figures = figures if figures is not None else (FIGURES if tenant == "acme" else GLOBEX)
    customers = world[tenant].customers
    with tenant_session(tenant) as session:
        session.add_all(score_row(customers[key].id, values) for key, values in figures.items())
        if run:
            session.add(Run(as_of=AS_OF, status="done", started_at=datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc),
                            finished_at=datetime(2026, 12, 1, 2, 5, tzinfo=timezone.utc),
                            customers=len(figures), purchases=40, models=models or {}))
        session.commit()


def add_snapshots(tenant_session, world, tenant="acme", snapshots=None):
    """Write `snapshots` ({month: {customer key: layer}}, default SNAPSHOTS) as the tenant's Snapshot rows."""
    customers = world[tenant].customers
    with tenant_session(tenant) as session:
        for month, layers in (snapshots or SNAPSHOTS).items():
            session.add_all(Snapshot(month=month, customer_id=customers[key].id, layer=layer)
                            for key, layer in layers.items())
        session.commit()


def the_world_computed(tenant_session, world):
    """Both workspaces with their figures and acme's snapshots (globex: the same months, everyone lost)."""
    for tenant in ("acme", "globex"):
        add_scores(tenant_session, world, tenant)
    add_snapshots(tenant_session, world)
    add_snapshots(tenant_session, world, "globex",
                  {month: {key: "lost" for key in layers} for month, layers in SNAPSHOTS.items()})


def table(html, table_id):
    """The rows of the page's table `table_id` (header row first) as lists of cell texts, whitespace evened out."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.rows, self.cell = 0, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and (self.depth or dict(attrs).get("id") == table_id):
                self.depth += 1
            elif self.depth and tag == "tr":
                self.rows.append([])
            elif self.depth and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table" and self.depth:
                self.depth -= 1
            elif self.depth and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Cells()
    parser.feed(html)
    assert parser.rows, f"no table {table_id!r} on the page"
    return parser.rows
