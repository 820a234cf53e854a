"""The three soaks of bench/faults.py; each appends what it finds wrong to `soak.problems` and prints its figures."""
import statistics
import threading
import time
from collections import Counter

from fault_checks import (drain, existing_ids, export_problems, jobs_by_id, rows, rows_check, running_jobs,
                          settled)

# A killed worker's row is recovered once its last beat is CRM_JOB_STALE_SECONDS (2, faults.py) old.
STALE_WAIT = 2.5
DOWN_MESSAGE = "Background jobs are unavailable right now; nothing was started. Try again in a minute."


def _accepted(answer):
    return answer.status in (201, 202)


def _settle_and_check(soak, answers, label, resume=False):
    """Drain the queue (running failed imports again when `resume`); check the accepted answers' effects."""
    api = soak.api(f"{label}-")
    pending = drain(soak.app, soak.workers)
    resumed = 0
    jobs = jobs_by_id(soak.app, soak.tenant_id, [a.job_id for a in answers if a.job_id])
    if resume:
        for answer in answers:
            job = jobs.get(answer.job_id)
            if answer.op == "import" and job is not None and job.status == "failed":
                again = api.resume_import(job.params["batch_id"])
                if again.status != 202:
                    soak.problems.append(f"{label}: Run again of import job {job.id} answered {again.status}")
                    continue
                resumed += 1
                answer.job_id = again.job_id
        pending = drain(soak.app, soak.workers)
        jobs = jobs_by_id(soak.app, soak.tenant_id, [a.job_id for a in answers if a.job_id])
    if pending:
        soak.problems.append(f"{label}: jobs stuck (queued or running, no progress for a minute): {pending}")
    accepted = [a for a in answers if _accepted(a)]
    soak.problems.extend(f"{label}: {p}" for p in settled(jobs[a.job_id] for a in accepted if a.job_id))
    for answer in accepted:
        job = jobs.get(answer.job_id)
        if job is not None and job.kind == "customer_export" and job.status == "finished":
            soak.problems.extend(f"{label}: {p}" for p in export_problems(soak.instance, soak.tenant_id, job))
    imported = [name for a in accepted if a.op == "import" for name in a.names]
    refused = [name for a in answers if a.op in ("import", "customer") and not _accepted(a) for name in a.names]
    check = rows_check(soak.app, soak.tenant_id, label, imported, refused)
    created = {a.customer_id for a in accepted if a.op == "customer"}
    missing = created - existing_ids(soak.app, soak.tenant_id, created)
    for what, found in (("imported rows lost", check["lost"]), ("rows doubled", check["duplicated"]),
                        ("refused rows written anyway", check["refused_but_written"]),
                        ("accepted customers missing", sorted(missing))):
        if found:
            soak.problems.append(f"{label}: {len(found)} {what}, e.g. {found[:3]}")
    outcomes = Counter((jobs[a.job_id].kind, jobs[a.job_id].status) for a in accepted if a.job_id in jobs)
    failed_reasons = Counter(jobs[a.job_id].error.split(":")[0][:90] for a in accepted
                             if a.job_id in jobs and jobs[a.job_id].status == "failed")
    print(f"  jobs: {dict(outcomes)}; imports run again: {resumed}; imported rows checked: {check['expected']}, "
          f"lost {len(check['lost'])}, doubled {len(check['duplicated'])}; customers created by POST: "
          f"{len(created)}, missing {len(missing)}")
    for reason, count in failed_reasons.items():
        print(f"  failed with reason ({count}): {reason}")
    return jobs


def soak_kills(soak):
    """SIGKILL a worker `--kills` times at random points of imports and exports."""
    args, rng = soak.args, soak.rng
    print(f"\n== {args.kills} worker SIGKILLs during imports ({args.import_rows} rows) and exports ==")
    api = soak.api("kills-")
    answers, points = [], Counter()
    started = time.perf_counter()
    for n in range(args.kills):
        pending = rows(soak.app, "SELECT count(*) AS n FROM jobs WHERE tenant_id = :t AND status IN "
                                 "('queued', 'running')", t=soak.tenant_id)[0].n
        for _ in range(max(0, 3 - pending)):  # keep work queued for the next worker
            answer = api.start_import(args.import_rows) if rng.random() < 0.7 else api.start_export()
            answers.append(answer)
            if not _accepted(answer):
                soak.problems.append(f"kills: starting an {answer.op} answered {answer.status} {answer.message}")
        before = running_jobs(soak.app)  # rows a killed worker left running, not yet recovered
        worker = soak.workers.start()
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 4))  # anywhere: start-up, recovery, between jobs, mid-job
        else:
            deadline = time.monotonic() + 60
            while not set(running_jobs(soak.app)) - set(before) and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, args.hold))
        during = {key: kind for key, kind in running_jobs(soak.app).items() if key not in before}
        soak.workers.kill(worker)
        points[", ".join(sorted(set(during.values()))) or "no job running (start-up, recovery, between jobs)"] += 1
        time.sleep(STALE_WAIT)  # its heartbeat goes stale; the next worker's start-up recovery takes its job
        if (n + 1) % 10 == 0:
            print(f"  {n + 1} kills ({time.perf_counter() - started:.0f} s)", flush=True)
    print(f"  kills by what was running: {dict(points)}")
    soak.workers.start()  # the one that drains
    _settle_and_check(soak, answers, "kills-", resume=True)
    soak.workers.stop_running()



def _writer(soak, label, stop, answers, ops, pause=0.0):
    """A client thread: random writes among `ops` until `stop` is set; every answer kept, tagged with the phase."""
    api, rng = soak.api(label), soak.rng

    def run():
        while not stop.is_set():
            op = rng.choice(ops)
            # Exports of this soak's own customers: the kill soak's 30,000 would make each take minutes.
            answer = (api.create_customer() if op == "customer" else api.start_export(label) if op == "export"
                      else api.start_import(20))
            answer.phase = soak.phase
            answers.append(answer)
            time.sleep(pause)
    return threading.Thread(target=run, daemon=True)


def _check_answers(soak, label, answers, allowed):
    """Every answer is accepted or one of `allowed` statuses (a 503 with the documented message)."""
    for answer in answers:
        if _accepted(answer):
            continue
        if answer.status not in allowed:
            soak.problems.append(f"{label}: {answer.op} answered {answer.status} {answer.message[:200]}")
        elif answer.op != "customer" and answer.message != DOWN_MESSAGE:
            soak.problems.append(f"{label}: {answer.op} 503 with another message: {answer.message[:200]}")


def _redis_down_during(soak, threads, stop, before, down, after):
    """Run `threads` for `before` s, SIGKILL Redis for `down` s, start it again, run `after` s more, stop them.

    Meanwhile a worker that exits on its own is started again, as a supervisor would.
    """
    for thread in threads:
        thread.start()
    for phase, seconds in (("up", before), ("down", down), ("after", after)):
        if phase == "down":
            soak.redis.kill()
        elif phase == "after":
            soak.redis.start()
        if phase != "up":
            soak.phase = phase
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            soak.workers.supervise()
            time.sleep(min(1, max(0, deadline - time.monotonic())))
    stop.set()
    for thread in threads:
        thread.join(130)


def soak_restart(soak):
    """Kill Redis under a write load, restart it: nothing an answer accepted is lost."""
    args = soak.args
    print(f"\n== Redis SIGKILLed under writes ({args.load_seconds:g} s of load, down {args.redis_down:g} s) ==")
    soak.workers.start()
    soak.phase, answers, stop = "up", [], threading.Event()
    threads = [_writer(soak, "restart-", stop, answers, ["customer", "customer", "import", "export"])
               for _ in range(3)]
    _redis_down_during(soak, threads, stop, args.load_seconds / 3, args.redis_down, args.load_seconds * 2 / 3)
    by_phase = Counter((a.phase, a.op, a.status) for a in answers)
    print(f"  answers (phase, write, status): {dict(sorted(by_phase.items()))}")
    _check_answers(soak, "restart", answers, {503})
    _settle_and_check(soak, answers, "restart-")
    print(f"  workers that exited on their own and were started again: {soak.workers.restarts}")
    soak.workers.stop_running()


def soak_outage(soak):
    """Reads for `--outage` s with Redis up and as long with it down: p95 within 1.2x; writes as documented."""
    args = soak.args
    print(f"\n== A {args.outage:g}-second Redis outage under reads and writes ==")
    soak.workers.start()
    soak.phase, answers, timings, stop = "before", [], [], threading.Event()

    def reader():
        api = soak.api("outage-")
        while not stop.is_set():
            phase = soak.phase
            seconds, status = api.read()
            timings.append((phase, seconds, status))

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(2)]
    threads.append(_writer(soak, "outage-", stop, answers, ["customer", "export", "import"], pause=0.5))
    _redis_down_during(soak, threads, stop, args.outage / 2, args.outage, args.outage / 2)
    normal = [s for phase, s, _ in timings if phase in ("before", "after")]
    down = [s for phase, s, _ in timings if phase == "down"]
    bad_reads = Counter(status for _, _, status in timings if status != 200)
    p95_normal, p95_down = _p95(normal), _p95(down)
    ratio = p95_down / p95_normal
    print(f"  reads: {len(normal)} with Redis up, p50 {statistics.median(normal) * 1000:.0f} ms, p95 "
          f"{p95_normal * 1000:.0f} ms; {len(down)} with Redis down, p50 {statistics.median(down) * 1000:.0f} ms, "
          f"p95 {p95_down * 1000:.0f} ms: {ratio:.2f}x; errors {dict(bad_reads)}")
    if ratio > 1.2:
        soak.problems.append(f"outage: reads' p95 {ratio:.2f}x of normal with Redis down (limit 1.2x)")
    if bad_reads:
        soak.problems.append(f"outage: reads that did not answer 200: {dict(bad_reads)}")
    by_phase = Counter((a.phase, a.op, a.status) for a in answers)
    print(f"  writes (phase, write, status): {dict(sorted(by_phase.items()))}")
    _check_answers(soak, "outage", answers, {503})
    for answer in answers:
        if answer.phase == "down" and answer.op == "customer" and not _accepted(answer):
            soak.problems.append(f"outage: creating a customer (no job) answered {answer.status} with Redis down")
    _settle_and_check(soak, answers, "outage-")
    soak.workers.stop_running()


def _p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else float("nan")


SOAKS = {"kills": soak_kills, "restart": soak_restart, "outage": soak_outage}
