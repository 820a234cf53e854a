"""Benchmark: monthly rep performance and the forecast roll-up at 1M opportunities and 1M activities, against SQL.

    python bench/reports.py [--repeat 10] [--rebuild]

Builds one workspace (bench/reports_data.py; cached in bench/.cache/ as a SQLite file,
or in the scratch PostgreSQL database CRM_BENCH_DATABASE_URL), then, for the executive
(the whole company) and a region's manager, checks that the product's figures equal
those of one hand-written SQL statement (GROUP BYs joined by UNION ALL) and times both:
`monthly_performance` for November 2026 and `forecast` for December 2026 to February
2027, called as functions and through the API with a bearer token. See README.md.
"""
import argparse
import statistics
import time
from collections import defaultdict
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Date, bindparam, select, text

from crm_platform.auth.api import issue_token
from crm_platform.extensions import db
from crm_platform.models import OrgUnit, Tenant, User
from crm_platform.models.base import UTCDateTime
from crm_platform.startup import settle_for_serving
from crm_platform.tenancy import tenant_scope
from customer_list import bench_app, cached_or_emptied
from reports_data import TID, ZONE, build

from plugins.sales_automation.forecast.service import forecast
from plugins.sales_automation.reports.performance import monthly_performance
from plugins.sales_automation.reports.scope import ReportScope

DATA_VERSION = 2  # bump when reports_data.py's data changes shape
PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
MONTHS = [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
VIEWERS = (("executive", 101), ("region manager", 102))
COUNTS = ("calls", "visits", "emails", "meetings", "new_customers", "customers_followed", "won_count")
AMOUNTS = ("won_amount", "contract_amount", "collected")
KIND_KEYS = {"call": "calls", "visit": "visits", "email": "emails", "meeting": "meetings"}
FORECAST_FIGURES = ("commit", "best_case", "pipeline", "weighted", "won", "quota")

PEOPLE = {"all": "SELECT id, org_unit_id, active FROM users WHERE tenant_id = :t",
          "unit": "SELECT id, org_unit_id, active FROM users WHERE tenant_id = :t AND (id = :u OR org_unit_id IN "
                  "(SELECT id FROM org_units WHERE tenant_id = :t AND path LIKE :subtree))"}
SEEN = ("seen AS (SELECT id FROM customers WHERE tenant_id = :t AND (owner_id IN (SELECT id FROM people) "
        "OR id IN (SELECT customer_id FROM customer_shares WHERE tenant_id = :t AND user_id = :u) "
        "OR (pooled_at IS NOT NULL AND (pool_unit_id IS NULL OR pool_unit_id IN (SELECT id FROM org_units "
        "WHERE tenant_id = :t AND (path LIKE :subtree OR :path LIKE path || '%')))))),")
PERFORMANCE = """WITH people AS ({people}), {seen}
act AS (SELECT user_id, kind, customer_id FROM activities
        WHERE tenant_id = :t AND status = 'done' AND occurred_at >= :start AND occurred_at < :end
          AND user_id IN (SELECT id FROM people) {seen_customer})
SELECT 'kind', user_id, kind, count(*), CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC) FROM act GROUP BY user_id, kind
UNION ALL SELECT 'followed', user_id, NULL, count(DISTINCT customer_id), NULL, NULL FROM act GROUP BY user_id
UNION ALL SELECT 'followed_total', NULL, NULL, count(DISTINCT customer_id), NULL, NULL FROM act
UNION ALL SELECT 'new_customers', owner_id, NULL, count(*), NULL, NULL FROM customers
  WHERE tenant_id = :t AND created_at >= :start AND created_at < :end AND owner_id IN (SELECT id FROM people)
    {seen_id}
  GROUP BY owner_id
UNION ALL SELECT 'won', owner_id, NULL, {count_seen}, {sum_seen}, {sum_seen} FROM sales_automation_opportunities
  WHERE tenant_id = :t AND status = 'won' AND closed_at >= :start AND closed_at < :end
    AND owner_id IN (SELECT id FROM people)
  GROUP BY owner_id
UNION ALL SELECT 'signed', owner_id, NULL, count(*), sum(amount), NULL FROM sales_automation_contracts
  WHERE tenant_id = :t AND signed_on >= :day_from AND signed_on <= :day_to AND status <> 'cancelled'
    AND owner_id IN (SELECT id FROM people) {seen_record}
  GROUP BY owner_id
UNION ALL SELECT 'collected', owner_id, NULL, count(*), sum(p.amount), NULL
  FROM sales_automation_payments p JOIN sales_automation_contracts c ON c.tenant_id = p.tenant_id AND c.id = p.contract_id
  WHERE p.tenant_id = :t AND p.received_on >= :day_from AND p.received_on <= :day_to
    AND c.owner_id IN (SELECT id FROM people) {seen_record}
  GROUP BY c.owner_id
UNION ALL SELECT 'quota', user_id, NULL, count(*), sum(amount), NULL FROM sales_automation_quotas
  WHERE tenant_id = :t AND month >= :day_from AND month <= :day_to AND user_id IN (SELECT id FROM people)
  GROUP BY user_id
UNION ALL SELECT 'person', id, NULL, CASE WHEN active THEN 1 ELSE 0 END, NULL, NULL FROM people"""
SEEN_CLAUSES = {"all": {"seen": "", "seen_customer": "", "seen_id": "", "seen_record": "",
                        "count_seen": "count(*)", "sum_seen": "sum(amount)"},
                "unit": {"seen": SEEN, "seen_customer": "AND customer_id IN (SELECT id FROM seen)",
                         "seen_id": "AND id IN (SELECT id FROM seen)",
                         "seen_record": "AND (customer_id IN (SELECT id FROM seen) OR owner_id = :u)",
                         "count_seen": "count(CASE WHEN customer_id IN (SELECT id FROM seen) OR owner_id = :u THEN 1 END)",
                         "sum_seen": "sum(CASE WHEN customer_id IN (SELECT id FROM seen) OR owner_id = :u "
                                     "THEN amount END)"}}
FORECAST = """WITH people AS ({people}), {seen}
figures AS (
  SELECT o.owner_id AS user_id, {month_of_close} AS month, o.forecast_category AS figure,
         {weighted} AS amount
  FROM sales_automation_opportunities o
  JOIN sales_automation_stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id
  WHERE o.tenant_id = :t AND o.status = 'open' AND o.expected_close >= :m0 AND o.expected_close < :m{n}
    AND o.owner_id IN (SELECT id FROM people WHERE active) {seen_opportunity}
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT owner_id, {month_of_win}, 'won', sum(amount) FROM sales_automation_opportunities
  WHERE tenant_id = :t AND status = 'won' AND closed_at >= :b0 AND closed_at < :b{n}
    AND owner_id IN (SELECT id FROM people WHERE active) {seen_record}
  GROUP BY 1, 2
  UNION ALL
  SELECT user_id, {month_of_quota}, 'quota', sum(amount) FROM sales_automation_quotas
  WHERE tenant_id = :t AND month >= :m0 AND month < :m{n} AND user_id IN (SELECT id FROM people WHERE active)
  GROUP BY 1, 2)
SELECT 'user', user_id, month, figure, amount FROM figures
UNION ALL
SELECT 'unit', u.id, f.month, f.figure, sum(f.amount)
FROM org_units u JOIN org_units below ON below.tenant_id = u.tenant_id AND below.path LIKE u.path || '%'
JOIN people p ON p.org_unit_id = below.id AND p.active JOIN figures f ON f.user_id = p.id
WHERE u.tenant_id = :t {units}
GROUP BY u.id, f.month, f.figure"""
FEN = {"sqlite": "(50 + {}) / 100", "postgresql": "div(50 + {}, 100)"}
"""fen × percent to fen, half up (the amounts are never negative)."""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=1_000_000, help="done ones (2% more are planned)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per figure (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    return parser.parse_args()


def ensure_data(args, key):
    """Build the workspace unless this database already holds this exact data set."""
    if cached_or_emptied("reports-001", Tenant.slug != "reports-001", key, args.rebuild):
        return
    started = time.perf_counter()
    build(key, args.customers, args.opportunities, args.activities)
    print(f"Built the workspace in {time.perf_counter() - started:.0f} s.")


def money(fen):
    """An integer (or numeric) count of fen as yuan."""
    return None if fen is None else Decimal(int(fen)).scaleb(-2)


def percent(achieved, quota):
    """achieved / quota in percent, one decimal rounded half up (docs/reports.md); None without a quota."""
    return None if not quota else (achieved * 100 / quota).quantize(Decimal("0.1"), ROUND_HALF_UP)


def local_midnight(day):
    """The UTC instant of the workspace's midnight starting `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(timezone.utc)


def bucket(column, bounds):
    """A CASE giving the index of the month of `column` among len(bounds) - 1 months: bounds are :<prefix>0.. names."""
    whens = " ".join(f"WHEN {column} < :{bound} THEN {i}" for i, bound in enumerate(bounds[1:-1]))
    return f"CASE {whens} ELSE {len(bounds) - 2} END" if whens else "0"


def viewer_params(conn, user_id):
    """The viewer's role scope ("all" or "unit") and the parameters their SQL binds."""
    role, path = conn.execute(text("SELECT u.role, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id "
                                   "WHERE u.tenant_id = :t AND u.id = :u"), {"t": TID, "u": user_id}).one()
    return ("all" if role in ("admin", "executive") else "unit"), {"t": TID, "u": user_id, "path": path,
                                                                  "subtree": path + "%"}


def sql_performance(conn, scope, params):
    """The performance figures of the period by one SQL statement: {user id: {figure: value}}, totals."""
    stmt = text(PERFORMANCE.format(people=PEOPLE[scope], **SEEN_CLAUSES[scope])).bindparams(
        bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()),
        bindparam("day_from", type_=Date()), bindparam("day_to", type_=Date()))
    day_from, day_to = PERIOD
    figures, active, followed_total = defaultdict(dict), {}, 0
    for figure, user_id, kind, count, amount, achieved in conn.execute(stmt, {
            **params, "start": local_midnight(day_from), "end": local_midnight(date(2026, 12, 1)),
            "day_from": day_from, "day_to": day_to}):
        if figure == "person":
            active[user_id] = bool(count)
        elif figure == "followed_total":
            followed_total = count
        elif figure == "kind":
            figures[user_id][KIND_KEYS[kind]] = count
        elif figure == "won":
            figures[user_id].update(won_count=count, won_amount=money(amount or 0), achieved=money(achieved))
        elif figure == "quota":
            figures[user_id]["quota"] = money(amount)
        else:
            key = {"followed": "customers_followed", "signed": "contract_amount", "collected": "collected"}
            figures[user_id][key.get(figure, figure)] = money(amount) if figure in ("signed", "collected") else count
    rows = {}
    for user_id, is_active in active.items():
        found = figures.get(user_id, {})
        row = {key: found.get(key, 0) for key in COUNTS} | {key: found.get(key, Decimal("0.00")) for key in AMOUNTS}
        if is_active or any(row.values()):
            row["quota"] = found.get("quota")
            row["attainment"] = percent(found.get("achieved", Decimal("0.00")), row["quota"])
            rows[user_id] = row
    totals = {key: sum(row[key] for row in rows.values()) for key in COUNTS + AMOUNTS}
    totals["customers_followed"] = followed_total
    return rows, totals


def app_performance(user):
    """monthly_performance of the period, in the baseline's shape."""
    rows, totals = monthly_performance(ReportScope(user, *PERIOD))
    keys = COUNTS + AMOUNTS
    return ({row["user_id"]: {key: row[key] for key in keys + ("quota", "attainment")} for row in rows},
            {key: totals[key] for key in keys})


def forecast_seen(scope, table):
    """The forecast's check that the viewer sees a deal (customer visible, or their own), as CASE: the fast shape."""
    if scope == "all":
        return ""
    return (f"AND CASE WHEN {table}owner_id = :u THEN TRUE "
            f"ELSE {table}customer_id IN (SELECT id FROM seen) END")


def sql_forecast(conn, scope, params):
    """The forecast's figures per (kind, id, month index) by one SQL statement (rep figures rolled up the tree)."""
    bounds = [f"m{i}" for i in range(len(MONTHS) + 1)]
    months = MONTHS + [date(2027, 3, 1)]
    stmt = text(FORECAST.format(
        people=PEOPLE[scope], n=len(MONTHS), seen=SEEN_CLAUSES[scope]["seen"],
        seen_record=forecast_seen(scope, ""), seen_opportunity=forecast_seen(scope, "o."),
        weighted=FEN[conn.dialect.name].format("sum(o.amount * coalesce(o.probability, s.probability))"),
        month_of_close=bucket("o.expected_close", bounds), month_of_quota=bucket("month", bounds),
        month_of_win=bucket("closed_at", [b.replace("m", "b") for b in bounds]),
        units="AND u.path LIKE :subtree" if scope == "unit" else "")).bindparams(
        *[bindparam(f"b{i}", type_=UTCDateTime()) for i in range(len(months))],
        *[bindparam(f"m{i}", type_=Date()) for i in range(len(months))])
    cells = defaultdict(dict)
    for kind, subject, month, figure, amount in conn.execute(stmt, {
            **params, **{f"m{i}": month for i, month in enumerate(months)},
            **{f"b{i}": local_midnight(month) for i, month in enumerate(months)}}):
        cells[kind, subject, month][figure] = money(amount)
    for (kind, _, _), cell in cells.items():
        cell["weighted"] = sum(cell.get(category, Decimal("0.00")) for category in ("commit", "best_case", "pipeline"))
        for figure in FORECAST_FIGURES:
            cell.setdefault(figure, None if figure == "quota" and kind == "user" else Decimal("0.00"))
    return dict(cells)


def app_forecast(user):
    """forecast() of the months, in the baseline's shape (the totals checked to add the rows up)."""
    view = forecast(user, MONTHS[0], MONTHS[-1])
    return {(row["kind"], row["id"], i): {figure: cell[figure] for figure in FORECAST_FIGURES}
            for row in view["rows"] for i, cell in enumerate(row["cells"])}


def same_forecast(app_cells, sql_cells):
    """Whether the product's cells equal the SQL's (a cell the SQL has no row for holds zeros)."""
    empty = dict.fromkeys(FORECAST_FIGURES, Decimal("0.00"))
    assert set(sql_cells) <= set(app_cells), set(sql_cells) - set(app_cells)
    for key, cell in app_cells.items():
        expected = sql_cells.get(key) or dict(empty, quota=None if key[0] == "user" else Decimal("0.00"))
        assert cell == expected, (key, cell, expected)


def bearer(app, user_id):
    """A bearer token header of the user."""
    with app.app_context(), tenant_scope(TID):
        _, secret = issue_token(db.session.get(User, user_id), "bench")
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def rounds_ms(calls, repeat):
    """{name: median ms} of `calls` {name: fn}: a warm-up each, then `repeat` rounds calling each once in turn.

    Taking turns, a machine busy with other work weighs on a figure and its baseline alike.
    """
    samples = {name: [] for name in calls}
    for call in calls.values():
        call()
    for _ in range(repeat):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def measure(app, label, user_id, repeat):
    """Check, then time, one viewer's report and forecast: function, API, SQL. Returns {what: (fn, api, sql)}."""
    client, headers = app.test_client(), bearer(app, user_id)
    urls = {"performance": f"/api/v1/sales/reports/performance?from={PERIOD[0]}&to={PERIOD[1]}",
            "forecast": f"/api/v1/sales/forecast?month_from={MONTHS[0]:%Y-%m}&month_to={MONTHS[-1]:%Y-%m}"}
    with app.app_context(), tenant_scope(TID), db.engine.connect() as conn:
        user = db.session.get(User, user_id)
        scope, params = viewer_params(conn, user_id)
        rows, totals = app_performance(user)
        assert (rows, totals) == sql_performance(conn, scope, params), f"{label}: performance differs from the SQL"
        cells = app_forecast(user)
        same_forecast(cells, sql_forecast(conn, scope, params))
        unit = db.session.scalar(select(OrgUnit.name).where(OrgUnit.id == user.org_unit_id))
    print(f"\n{label} ({unit}): {len(rows)} people in the report, {len(cells) // len(MONTHS)} forecast rows "
          f"(people and units); the figures equal the SQL's.")

    def function(fn):
        # As a job would: its own app context and session, the user loaded, the workspace in scope.
        def call():
            with app.app_context(), tenant_scope(TID):
                return fn(db.session.get(User, user_id))
        return call

    def sql(fn):
        def call():
            with app.app_context(), db.engine.connect() as conn:
                return fn(conn, scope, params)
        return call

    def api(url):
        # A request pushes its own app context and workspace.
        def call():
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)
        return call

    calls = {}
    for what, fn, baseline in (("performance", app_performance, sql_performance),
                               ("forecast", app_forecast, sql_forecast)):
        calls.update({(what, "fn"): function(fn), (what, "api"): api(urls[what]), (what, "sql"): sql(baseline)})
    medians = rounds_ms(calls, repeat)
    return {what: tuple(medians[what, how] for how in ("fn", "api", "sql")) for what in urls}


def main():
    args = parse_args()
    size = f"{args.customers}x{args.opportunities}x{args.activities}"
    app, key = bench_app("reports", f"{size}-v{DATA_VERSION}", args.rebuild)
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    # As a serving process does (wsgi.py): start-up's objects out of the garbage collector's full walks, whose
    # half-second pauses would otherwise land on whichever call allocates at the time.
    settle_for_serving()
    print(f"\nMonthly performance {PERIOD[0]}..{PERIOD[1]} and forecast {MONTHS[0]:%Y-%m}..{MONTHS[-1]:%Y-%m}, "
          f"median of {args.repeat} rounds (each figure once per round, in turn). SQL: one hand-written statement "
          f"of GROUP BYs on the same engine.")
    for label, user_id in VIEWERS:
        figures = measure(app, label, user_id, args.repeat)
        print(f"  {'':<14}{'function ms':>12}{'API ms':>9}{'SQL ms':>9}{'fn/SQL':>8}{'API/SQL':>9}")
        for what, (fn_ms, api_ms, sql_ms) in figures.items():
            print(f"  {what:<14}{fn_ms:>12.1f}{api_ms:>9.1f}{sql_ms:>9.1f}{fn_ms / sql_ms:>7.2f}x{api_ms / sql_ms:>8.2f}x")


if __name__ == "__main__":
    main()
