"""Benchmark: customer insights' nightly computation over 1M purchases of 100k customers, against pandas.

    python bench/insights.py [--customers 100000] [--purchases 1000000] [--repeat 3] [--rebuild]

Builds one workspace (bench/insights_data.py; cached in bench/.cache/ as a SQLite
file, or in the scratch PostgreSQL database CRM_BENCH_DATABASE_URL), then:

1. runs the product's computation, `runs.pipeline.compute(as_of)` in the
   workspace's scope as the nightly job does (reads the purchases, analyses,
   fits the lifetime-value models, replaces every customer's Score row), and
   the baseline: `pd.read_sql` of the same three columns from the same database
   and a pandas groupby giving each customer's revenue, frequency and last day,
   ABC classes by cumulative share (ties by customer id) and RFM quintile scores
   by `rank(method="min")`, as docs/insights.md defines them; checks that both
   give every customer the same class and R, F and M scores;
2. times both in rounds, taking turns, and prints the medians and their ratio;
3. runs each twice more in a fresh child process for memory: the resident set
   after start-up and its peak during the first run (the kernel's high-water
   mark, VmHWM, which ru_maxrss reports, reset before the run), then the peak
   of what the second run allocates (tracemalloc, which sees numpy's arrays
   too). See README.md.
"""
import argparse
import calendar
import json
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd
from sqlalchemy import select, text

from crm_platform.extensions import db
from crm_platform.models import Tenant
from crm_platform.startup import settle_for_serving
from crm_platform.tenancy import tenant_scope
from customer_list import bench_app, cached_or_emptied
from insights_data import AS_OF, CURRENCY, TID, build

from plugins.customer_insights.engine.analyse import Rules, analyse
from plugins.customer_insights.models import Score
from plugins.customer_insights.runs import loading, pipeline

DATA_VERSION = 1  # bump when insights_data.py's data changes shape
ADMIN = 1
PURCHASES = text("SELECT customer_id, purchased_on, amount FROM customer_insights_purchases "
                 "WHERE tenant_id = :t AND currency = :c")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (the median is printed)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    parser.add_argument("--child", choices=("product", "pandas"), help=argparse.SUPPRESS)
    return parser.parse_args()


def make_app(args):
    """An app on the benchmark database; returns (app, key of the data set it must hold)."""
    return bench_app("insights", f"{args.customers}x{args.purchases}-v{DATA_VERSION}", args.rebuild)


def ensure_data(args, key):
    """Build the workspace unless this database already holds this exact data set."""
    if cached_or_emptied("insights-001", Tenant.slug != "insights-001", key, args.rebuild):
        return
    started = time.perf_counter()
    build(key, args.customers, args.purchases)
    print(f"Built {args.customers:,} customers and {args.purchases:,} purchases in "
          f"{time.perf_counter() - started:.0f} s.")


def product(app):
    """The nightly computation as the job runs it; returns the Run's id."""
    with app.app_context(), tenant_scope(TID, ADMIN):
        return pipeline.compute(as_of=AS_OF).id


def product_parts(app):
    """Seconds of the product's reading (purchases into arrays, customer ids) and of analyse(), each timed alone."""
    with app.app_context(), tenant_scope(TID, ADMIN):
        started = time.perf_counter()
        history, _other_currencies = loading.purchase_history(db.session, AS_OF, CURRENCY)
        customers = loading.customer_ids(db.session)
        read = time.perf_counter() - started
        started = time.perf_counter()
        analyse(history, customers, AS_OF, Rules(), {}, set())
        return read, time.perf_counter() - started


def product_figures(app):
    """{customer id: (class, R, F, M)} of the Score rows the product wrote."""
    with app.app_context(), tenant_scope(TID, ADMIN):
        rows = db.session.execute(select(Score.customer_id, Score.abc_class, Score.r_score, Score.f_score,
                                         Score.m_score))
        return {row[0]: tuple(row[1:]) for row in rows}


def months_before(day, months):
    """The same day `months` months earlier, or that month's last day when it is shorter (the period's boundary)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def quintiles(worse, n):
    """Scores 1..5 from each customer's count of strictly worse customers among `n` (docs/insights.md, RFM)."""
    return 1 + (5 * worse) // n


def baseline(app):
    """The same classes and RFM scores by pandas: read_sql, groupby, rank; {customer id: (class, R, F, M)}."""
    rules = Rules()
    with app.app_context(), db.engine.connect() as conn:
        frame = pd.read_sql(PURCHASES, conn, params={"t": TID, "c": CURRENCY}, parse_dates=["purchased_on"])
    as_of = pd.Timestamp(AS_OF)
    frame = frame[frame.purchased_on <= as_of]
    period = frame[frame.purchased_on > pd.Timestamp(months_before(AS_OF, rules.period_months))]
    per_customer = pd.DataFrame({"last": frame.groupby("customer_id").purchased_on.max()})
    sums = period.groupby("customer_id").amount.agg(["sum", "size"])
    per_customer["revenue"] = sums["sum"].reindex(per_customer.index, fill_value=0)
    per_customer["frequency"] = sums["size"].reindex(per_customer.index, fill_value=0)
    per_customer["recency"] = (as_of - per_customer["last"]).dt.days
    n = len(per_customer)
    # rank(method="min") - 1 counts the customers strictly worse: a larger recency, a smaller frequency or revenue.
    r = quintiles(per_customer.recency.rank(method="min", ascending=False).astype(np.int64) - 1, n)
    f = quintiles(per_customer.frequency.rank(method="min").astype(np.int64) - 1, n)
    m = quintiles(per_customer.revenue.rank(method="min").astype(np.int64) - 1, n)
    paying = per_customer[per_customer.revenue > 0].reset_index()
    paying = paying.sort_values(["revenue", "customer_id"], ascending=[False, True], kind="stable")
    before = paying.revenue.cumsum() - paying.revenue
    total = int(paying.revenue.sum())
    classes = np.where(100 * before < rules.abc_a_percent * total, "A",
                       np.where(100 * before < (rules.abc_a_percent + rules.abc_b_percent) * total, "B", "C"))
    abc = dict(zip(paying.customer_id.tolist(), classes.tolist()))
    return {cid: (abc.get(cid), rs, fs, ms) for cid, rs, fs, ms in
            zip(per_customer.index.tolist(), r.tolist(), f.tolist(), m.tolist())}


def check(app):
    """Run both once and stop unless every customer's class and scores agree; returns the product's figures."""
    product(app)
    ours, theirs = product_figures(app), baseline(app)
    nobody = (None, None, None, None)
    differ = [cid for cid in ours if ours[cid] != theirs.get(cid, nobody)]
    if differ or set(theirs) - set(ours):
        sample = {cid: (ours.get(cid), theirs.get(cid)) for cid in (differ or sorted(set(theirs) - set(ours)))[:10]}
        sys.exit(f"{len(differ)} customers differ (product, pandas): {sample}")
    return ours


def memory_status():
    """(resident set now, its high-water mark) of this process in MiB, from /proc/self/status (VmRSS, VmHWM)."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))


def child(args):
    """Run one side twice in this fresh process and print its memory as JSON.

    The first run for the resident set: its high-water mark (VmHWM, what
    ru_maxrss reports) is reset to the resident set after start-up, then read
    after the run. ru_maxrss itself cannot be used in a child: Linux carries the
    parent's high-water mark across fork and exec, so it starts at the parent's
    size. The second run under tracemalloc, which sees every allocation the
    computation makes (numpy's arrays too), for the peak of what it allocates.
    """
    app, _key = make_app(args)
    settle_for_serving()
    side = product if args.child == "product" else baseline
    started_up, _ = memory_status()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM to the current resident set
    side(app)
    _, peak = memory_status()
    tracemalloc.start()
    side(app)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(json.dumps({"resident_mb": started_up, "peak_mb": peak, "traced_peak_mb": traced}))


def measure(kind, args):
    """One side's run in a child process; its JSON."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--customers", str(args.customers),
                          "--purchases", str(args.purchases)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"the {kind} child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rounds(calls, repeat):
    """{name: median seconds} of `calls`, each called once per round in turn, `repeat` rounds."""
    samples = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(times) for name, times in samples.items()}


def main():
    args = parse_args()
    if args.child:
        return child(args)
    app, key = make_app(args)
    with app.app_context():
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        ensure_data(args, key)
    settle_for_serving()  # as the worker does before it runs jobs
    figures = check(app)
    classes = {c: sum(1 for f in figures.values() if f[0] == c) for c in "ABC"}
    print(f"\nThe product and pandas agree on all {len(figures):,} customers' classes and R, F, M scores "
          f"(A {classes['A']:,}, B {classes['B']:,}, C {classes['C']:,}; "
          f"{sum(1 for f in figures.values() if f[1] is None):,} never bought).")
    medians = rounds({"product": lambda: product(app), "pandas": lambda: baseline(app)}, args.repeat)
    memory = {kind: measure(kind, args) for kind in ("product", "pandas")}
    print(f"\nAs of {AS_OF}, {args.purchases:,} purchases of {args.customers:,} customers; median of {args.repeat} "
          f"rounds taking turns. Memory, in a fresh process each: the resident set after start-up and its peak "
          f"during a run (VmHWM, reset before it), and the peak of the run's allocations (tracemalloc).")
    print(f"{'':<42}{'seconds':>8}{'RSS before':>11}{'RSS peak':>10}{'growth':>8}{'traced peak':>13}  (MiB)")
    for kind, label in (("product", "product: compute() (read, analyse, write)"),
                        ("pandas", "pandas: read_sql + groupby (RFM, ABC)")):
        run = memory[kind]
        print(f"{label:<42}{medians[kind]:>8.2f}{run['resident_mb']:>11.0f}{run['peak_mb']:>10.0f}"
              f"{run['peak_mb'] - run['resident_mb']:>8.0f}{run['traced_peak_mb']:>13.0f}")
    read, analysed = product_parts(app)
    print(f"\nproduct / pandas: {medians['product'] / medians['pandas']:.2f}x")
    print(f"The product's parts, timed alone once: reading the purchases into arrays and the customer ids "
          f"{read:.2f} s, analyse() {analysed:.2f} s (ABC, RFM, layers, CDI, BG/NBD and Gamma-Gamma fits); "
          f"the rest of the median, {medians['product'] - read - analysed:.2f} s, replaces the "
          f"{args.customers:,} Score rows and records the Run.")


if __name__ == "__main__":
    main()
