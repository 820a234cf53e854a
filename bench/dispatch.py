"""Benchmark: task dispatch's batch optimisation end to end, one ranking, a sparse solve and OR-Library's GAP instances.

    python bench/dispatch.py [--tasks 1000] [--people 200] [--ranked 10000] [--repeat 3] [--gap-time 10]
                             [--gap-dir ../shared/benchmarks/gap] [--parts abcd]

Each figure next to its baseline, measured in the same run:
(a) --tasks tasks x --people people (capacity 5, each person holds 3 of 10 skills,
    each task needs 1: about 30% of pairs eligible) through the whole batch on a
    temporary SQLite workspace -- preview (load the people, score, solve, store the
    plan) and commit (re-check, assign each with its stored explanation) -- against
    SciPy's `linear_sum_assignment` alone on the capacity-expanded matrix of the
    same scores;
(b) ranking one task over --ranked people (the scoring context loaded, then the
    ranking) against fetching their profile rows in raw SQL;
(c) a sparse 5,000 x 1,000 instance (2% eligible, 5 slots each): the min-cost flow
    against SciPy on the expanded matrix, and the greedy;
(d) the differing-effort mode (CP-SAT) on OR-Library's GAP instances found in
    ../shared/benchmarks/gap/ next to the repository (skipped, saying so, when the
    folder is absent): gap1..gap12 (5 problems each, maximised as in OR-Library's
    gapinfo) and gapc/gapd at 5 x 100 and 10 x 100 (minimised), each with its value,
    the known value from best_known.csv, the proven bound and gap, under --gap-time
    seconds per instance. See README.md.
"""
import argparse
import csv
import random
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import delete, text, update

from crm_platform.extensions import db
from crm_platform.models import OrgUnit, Tenant, User
from crm_platform.models.modules import TenantModule
from crm_platform.startup import settle_for_serving
from crm_platform.tenancy import tenant_scope
from customer_list import bench_app, median_ms

from plugins.task_dispatch.batch import service, solver
from plugins.task_dispatch.models import Assignment, Batch, CatalogueItem, Profile, Task
from plugins.task_dispatch.scoring import engine

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Shanghai
SKILLS = 10
HELD = 3
CAPACITY = 5
GAP_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "gap"  # ../shared/ from the repository
GAP_MAX = [f"gap{k}.txt" for k in range(1, 13)]
GAP_MIN = {"gapc.txt": (0, 2), "gapd.txt": (0, 2)}  # problems 1 and 3 of 6: 5 x 100 and 10 x 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--ranked", type=int, default=10_000, help="people one task is ranked over")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median reported)")
    parser.add_argument("--gap-time", type=float, default=10.0, help="CP-SAT's limit per GAP instance (s)")
    parser.add_argument("--gap-dir", type=Path, default=GAP_DIR, help="where the OR-Library GAP files are")
    parser.add_argument("--parts", default="abcd", help="which parts to run, e.g. abc to leave out the GAP instances")
    args = parser.parse_args()
    if not set(args.parts) <= set("abcd"):
        parser.error("--parts takes letters of abcd")
    return args


def build(tid, slug, people, tasks, seed):
    """A workspace with the module on: 10 skills, `people` with 3 skills each (capacity 5), `tasks` needing one."""
    rng = random.Random(seed)
    base = tid * 10_000_000
    with db.engine.begin() as conn:
        conn.execute(Tenant.__table__.insert(), [{"id": tid, "name": slug, "slug": slug, "created_at": NOW,
                                                  "settings": {"timezone": "Asia/Shanghai"}}])
        conn.execute(OrgUnit.__table__.insert(), [{"id": base + 1, "tenant_id": tid, "name": "公司",
                                                   "kind": "company", "path": f"/{base + 1}/", "created_at": NOW}])
        conn.execute(User.__table__.insert(), [
            {"id": base + 100 + i, "tenant_id": tid, "name": f"技师 {i}" if i else "admin",
             "email": f"u{i}@{slug}.test", "password_hash": "x", "role": "rep" if i else "admin",
             "org_unit_id": base + 1, "active": True, "created_at": NOW, "updated_at": NOW}
            for i in range(people + 1)])
        conn.execute(TenantModule.__table__.insert(), [{"id": base + 2, "tenant_id": tid, "name": "task_dispatch",
                                                        "enabled": True, "settings": {}, "updated_at": NOW}])
        conn.execute(CatalogueItem.__table__.insert(), [
            {"id": base + 10 + k, "tenant_id": tid, "kind": "skill", "key": f"s{k}", "name": f"技能 {k}",
             "certified": False, "archived": False, "created_at": NOW} for k in range(SKILLS)])
        conn.execute(Profile.__table__.insert(), [
            {"id": base + 200_000 + i, "tenant_id": tid, "user_id": base + 101 + i, "takes_tasks": True,
             "capacity": CAPACITY, "skills": {f"s{k}": rng.randint(2, 5) for k in rng.sample(range(SKILLS), HELD)},
             "resources": [], "performance_tasks": 0, "created_at": NOW, "updated_at": NOW}
            for i in range(people)])
        conn.execute(Task.__table__.insert(), [
            {"id": base + 1_000_000 + i, "tenant_id": tid, "number": f"RW-2026-{i:05d}", "title": f"任务 {i}",
             "priority": rng.choice(("low", "normal", "normal", "high", "urgent")), "effort": 1,
             "required_skills": [{"skill": f"s{rng.randrange(SKILLS)}", "level": 1}], "required_resources": [],
             "source_kind": "manual", "status": "unassigned", "created_by_id": base + 100, "created_at": NOW,
             "updated_at": NOW} for i in range(tasks)])
    return base + 100


def scipy_expanded(totals, eligible, slots):
    """The baseline: SciPy's assignment on the capacity-expanded matrix (ineligible pairs worth 0, dropped after)."""
    columns = np.repeat(np.arange(totals.shape[1]), slots)
    rows, chosen = linear_sum_assignment(np.where(eligible, totals, 0.0)[:, columns], maximize=True)
    return [(r, columns[c]) for r, c in zip(rows, chosen) if eligible[r, columns[c]]]


def end_to_end(tid, admin_id, args):
    """(a): the whole batch against SciPy's solve alone on its matrix; prints the figures."""
    with tenant_scope(tid, admin_id):
        admin = db.session.get(User, admin_id)
        task_ids = db.session.scalars(db.select(Task.id)).all()
        runs, s = [], None
        for _ in range(args.repeat):
            started = time.perf_counter()
            batch = service.preview_batch(admin, task_ids)
            previewed = time.perf_counter()
            s = dict(batch.summary)
            service.commit_batch(admin, batch.id)
            runs.append((previewed - started, time.perf_counter() - previewed))
            reset(tid)
        ctx = engine.build_context()
        tasks = service.dispatchable(admin, task_ids)
        totals, eligible = (np.asarray(m) for m in engine.matrix(ctx, tasks))
        weights = [service.plan.PRIORITY_WEIGHTS[task.priority] for task in tasks]
        values, _ = solver.lexicographic_values(np.where(eligible, totals, 0.0), weights)
        slots = np.full(totals.shape[1], CAPACITY)
        baseline = median_ms(lambda: scipy_expanded(values, eligible, slots), args.repeat)
        flow = median_ms(lambda: solver.solve_equal(values, eligible, slots), args.repeat)
    preview = statistics.median(r[0] for r in runs) * 1000
    commit = statistics.median(r[1] for r in runs) * 1000
    print(f"\n(a) {len(tasks):,} tasks x {totals.shape[1]} people, capacity {CAPACITY}, "
          f"{eligible.mean():.0%} of pairs eligible; median of {args.repeat} runs")
    print(f"  preview (load, score, solve, store the plan)   {preview:>9.1f} ms")
    print(f"  commit (re-check, assign, store explanations)  {commit:>9.1f} ms")
    print(f"  end to end                                     {preview + commit:>9.1f} ms")
    print(f"  SciPy linear_sum_assignment alone (baseline)   {baseline:>9.1f} ms")
    print(f"  the module's min-cost flow alone               {flow:>9.1f} ms")
    print(f"  end to end / SciPy alone                       {(preview + commit) / baseline:>9.1f}x  (target <= 5x)")
    print(f"  assigned {s['assigned']} (greedy {s['greedy_assigned']}), score {s['score']:.2f} "
          f"(greedy {s['greedy_score']:.2f}), fairness {s['fairness_before']:.3f} -> {s['fairness_after']:.3f}")


def reset(tid):
    """Undo a committed batch so the next run does the same work."""
    with db.engine.begin() as conn:
        conn.execute(delete(Assignment.__table__).where(Assignment.__table__.c.tenant_id == tid))
        conn.execute(delete(Batch.__table__).where(Batch.__table__.c.tenant_id == tid))
        conn.execute(update(Task.__table__).where(Task.__table__.c.tenant_id == tid)
                     .values(status="unassigned", assignee_id=None, assigned_at=None))
    db.session.expire_all()


def ranking(tid, admin_id, args):
    """(b): one task ranked over many people, against fetching their profiles in raw SQL."""
    with tenant_scope(tid, admin_id):
        task = db.session.scalar(db.select(Task).limit(1))
        contexts = median_ms(engine.build_context, args.repeat)
        ctx = engine.build_context()
        ranked = median_ms(lambda: engine.rank(ctx, task), args.repeat)
        with db.engine.connect() as conn:
            raw = median_ms(lambda: conn.execute(text("SELECT * FROM task_dispatch_profiles WHERE tenant_id = :t"),
                                                 {"t": tid}).all(), args.repeat)
        result = engine.rank(ctx, task)
    print(f"\n(b) one task ranked over {args.ranked:,} people; median of {args.repeat} runs")
    print(f"  load the scoring context (everyone's profile)  {contexts:>9.1f} ms")
    print(f"  {f'rank the task ({len(result.candidates):,} eligible)':<47}{ranked:>9.1f} ms")
    print(f"  raw SQL: SELECT the profiles (baseline)        {raw:>9.1f} ms")
    print(f"  context + rank / raw SQL                       {(contexts + ranked) / raw:>9.1f}x")


def sparse(args):
    """(c): a sparse 5,000 x 1,000 instance, the flow against SciPy on the expanded matrix."""
    rng = np.random.default_rng(5)
    totals, eligible = rng.random((5000, 1000)), rng.random((5000, 1000)) < 0.02
    values, _ = solver.lexicographic_values(np.where(eligible, totals, 0.0), rng.integers(1, 5, 5000))
    slots = np.full(1000, CAPACITY)
    flow = solver.solve_equal(values, eligible, slots)
    flow_ms = median_ms(lambda: solver.solve_equal(values, eligible, slots), args.repeat)
    started = time.perf_counter()
    pairs = scipy_expanded(values, eligible, slots)
    scipy_ms = (time.perf_counter() - started) * 1000  # once: seconds and a 200 MB matrix each time
    greedy = solver.solve_greedy(values, eligible, np.ones(5000), slots)
    same = abs(sum(values[t, p] for t, p in pairs) - flow.objective) < 1e-6
    score = {name: sum(totals[t, p] for t, p in enumerate(solution.assignment) if p >= 0)
             for name, solution in (("flow", flow), ("greedy", greedy))}
    print(f"\n(c) sparse 5,000 tasks x 1,000 people, 2% eligible, {CAPACITY} slots each")
    print(f"  min-cost flow (the module)                     {flow_ms:>9.1f} ms  assigned {flow.assigned}, "
          f"score {score['flow']:.1f}")
    print(f"  SciPy on the 5,000 x 5,000 expanded matrix     {scipy_ms:>9.1f} ms  same optimum: {same}")
    print(f"  greedy                                         {greedy.seconds * 1000:>9.1f} ms  assigned "
          f"{greedy.assigned}, score {score['greedy']:.1f}")


def read_gap(path):
    """The problems of an OR-Library GAP file: [(costs m x n, resources m x n, capacities m)]."""
    tokens = [int(x) for x in path.read_text().split()]
    problems, i = [], 1
    for _ in range(tokens[0]):
        m, n = tokens[i], tokens[i + 1]
        i += 2
        costs = np.array(tokens[i:i + m * n]).reshape(m, n)
        resources = np.array(tokens[i + m * n:i + 2 * m * n]).reshape(m, n)
        problems.append((costs, resources, np.array(tokens[i + 2 * m * n:i + 2 * m * n + m])))
        i += 2 * m * n + m
    return problems


def gap_instances(args):
    """(d): the differing-effort mode on OR-Library's instances, each against its known value."""
    if not args.gap_dir.is_dir():
        print(f"\n(d) skipped: no GAP instances at {args.gap_dir}")
        return
    known = {(row["file"], int(row["problem"]), row["sense"]): (row["name"], int(row["value"]), row["status"])
             for row in csv.DictReader((args.gap_dir / "best_known.csv").open())}
    runs = [(name, p, "max") for name in GAP_MAX for p in range(5)]
    runs += [(name, p, "min") for name, problems in GAP_MIN.items() for p in problems]
    print(f"\n(d) OR-Library GAP instances, CP-SAT with {args.gap_time:g} s per instance, 2 workers")
    print(f"  {'instance':<10}{'m x n':>8}{'sense':>6}{'value':>8}{'known':>8}{'bound':>9}"
          f"{'gap %':>8}{'status':>10}{'s':>7}")
    matched = total = 0
    started = time.perf_counter()
    for name, p, sense in runs:
        costs, resources, capacities = read_gap(args.gap_dir / name)[p]
        label, value, status = known[(name, p + 1, sense)]
        solution = solver.solve_gap(costs.T, np.ones(costs.T.shape, dtype=bool), resources.T, capacities,
                                    time_limit=args.gap_time, require_all=True, sense=sense)
        matched += solution.objective == value
        total += 1
        print(f"  {label:<10}{f'{costs.shape[0]}x{costs.shape[1]}':>8}{sense:>6}{solution.objective:>8.0f}"
              f"{value:>8}{solution.bound:>9.1f}{solution.gap * 100:>8.2f}{solution.status:>10}"
              f"{solution.seconds:>7.2f}")
    print(f"  {matched} of {total} reach the known value; {time.perf_counter() - started:.0f} s in all")


def main():
    args = parse_args()
    if "a" in args.parts or "b" in args.parts:
        app, _ = bench_app("dispatch", f"{args.tasks}x{args.people}x{args.ranked}", rebuild=True)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(revision="heads")
            print(f"Database: {db.engine.url.render_as_string(hide_password=True)} (temporary, rebuilt each run)")
            # As a serving process does (wsgi.py, `crm worker`): start-up's objects out of the collector's walks.
            settle_for_serving()
            if "a" in args.parts:
                end_to_end(1, build(1, "dispatch-batch", args.people, args.tasks, seed=1), args)
            if "b" in args.parts:
                ranking(2, build(2, "dispatch-rank", args.ranked, 1, seed=2), args)
    if "c" in args.parts:
        sparse(args)
    if "d" in args.parts:
        gap_instances(args)


if __name__ == "__main__":
    main()
