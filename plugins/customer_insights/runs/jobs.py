"""The computation as a background job, and the nightly schedule that runs it with the monthly snapshots.

The nightly run (02:30 in each workspace's own time) computes the figures as
of today, then takes the snapshot of every ended month not yet taken (the last
12 at most, none before the first purchase), so a month's snapshot appears the
night after it ends and a night the worker missed is made up the next one.
Running it twice does no harm: the scores are replaced again with the same
figures and a month already taken is not taken again.
"""
from datetime import date, time

from crm_platform.sdk import JobKind, Schedule, lazy_gettext as _l

from plugins.customer_insights.runs import pipeline

KIND = "customer_insights_compute"
SCHEDULE = "customer_insights_nightly"
STAGE = 1000
"""Each stage of a job (the computation, each snapshot) is this many steps of its progress bar."""


def _stages(progress, count):
    """`count` progress callbacks, one per stage, that together move the job's bar from 0 to the end once."""
    def stage(index):
        return lambda done, total: progress(index * STAGE + done * STAGE // max(total, 1), count * STAGE)
    return [stage(index) for index in range(count)]


def run_compute(ctx):
    """The job: compute the figures (as of `as_of`, default today), then with `snapshots` the months due."""
    as_of = date.fromisoformat(ctx.params["as_of"]) if ctx.params.get("as_of") else None
    months = pipeline.months_due() if ctx.params.get("snapshots") else []
    stages = _stages(ctx.progress, 1 + len(months))
    run = pipeline.compute(as_of, started_by=ctx.user, progress=stages[0], job_id=ctx.job_id)
    result = {"run_id": run.id, "as_of": run.as_of.isoformat(), "customers": run.customers,
              "purchases": run.purchases, "snapshots": []}
    for month, progress in zip(months, stages[1:]):
        pipeline.snapshot(month, progress=progress)
        result["snapshots"].append(month.isoformat())
    return result


KINDS = [JobKind(KIND, run_compute, _l("Customer value computation"), timeout=3600, idempotent=True)]
SCHEDULES = [Schedule(SCHEDULE, KIND, every="daily", at=time(2, 30), params=(("snapshots", True),))]
