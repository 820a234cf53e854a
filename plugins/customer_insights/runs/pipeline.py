"""Computing a workspace's figures: `compute()` replaces its Score rows, `snapshot(month)` a month's Snapshot rows.

Both run in the current tenant scope (a request, a job, the demo). They read
and write in a session of their own, so that the scores are replaced in ONE
transaction (a failed computation leaves the previous scores as they were)
while the caller's session records the Run and the job's progress, each
committed on its own. They commit what the caller had pending first: the
purchases it just wrote are then part of the figures.

Rows are replaced set-based: one DELETE, then INSERTs of CHUNK rows each
(executemany), never an ORM object per row.
"""
from calendar import monthrange
from contextlib import contextmanager
from datetime import date
from itertools import islice

from sqlalchemy import delete, func, insert, select, update

from crm_platform.sdk import Customer, db, utcnow, workspace_currency, workspace_today

from plugins.customer_insights.engine.analyse import Rules, analyse
from plugins.customer_insights.models import Run, Score, Snapshot
from plugins.customer_insights.runs import loading
from plugins.customer_insights.settings import settings

CHUNK = 5_000
"""Rows per INSERT statement (one executemany) when scores or snapshots are replaced."""

COMPLAINTS_FRESH_DAYS = 7
"""Open complaints are known only for today (tickets keep no history of when they were open), so a month's
snapshot counts them only when taken at most this many days after the month ended, as the nightly job does."""

ERROR_LENGTH = 2000


class Progress:
    """Rows done of a total known up front, reported through the caller's `progress(done, total)` (or nowhere)."""

    def __init__(self, report, total):
        self.report, self.total, self.done = report, max(int(total), 1), 0

    def add(self, rows):
        """Count `rows` more done and report."""
        self.at(self.done + rows)

    def at(self, done):
        """Report `done` rows of the total (never past it)."""
        self.done = min(int(done), self.total)
        if self.report is not None:
            self.report(self.done, self.total)


@contextmanager
def _work_session():
    """A session of its own (same tenant scope and checks as db.session) whose transaction is the figures' own."""
    session = db.session.session_factory()
    try:
        yield session
    finally:
        session.close()


def _takes_writes_alongside(session):
    """Whether another connection may write while `session` holds its write transaction.

    SQLite has one writer at a time: the job's progress (a write to its row)
    would wait for the scores' transaction and time out, so progress is not
    reported while the rows are being replaced there.
    """
    return session.get_bind().dialect.name != "sqlite"


def _replace(session, clear, model, rows, progress):
    """One DELETE (`clear`), then `rows` (dicts) INSERTed in chunks of CHUNK; progress between chunks. The count."""
    session.execute(clear.execution_options(synchronize_session=False))
    report = _takes_writes_alongside(session)
    written = 0
    rows = iter(rows)
    # render_nulls: every row has the same columns, so each chunk is one executemany (the ORM otherwise
    # splits rows by which of their values are None, down to single INSERTs).
    statement = insert(model).execution_options(render_nulls=True)
    while chunk := list(islice(rows, CHUNK)):
        session.execute(statement, chunk)
        written += len(chunk)
        if report:
            progress.add(len(chunk))
    return written


def _analysis(session, as_of, currency, progress, complaints, past=False):
    """Read the workspace as of `as_of` and analyse it: (Analysis, customer ids, History, purchases left out)."""
    rules_settings = settings()
    read_before = progress.done
    history, other = loading.purchase_history(session, as_of, currency, lambda rows: progress.at(read_before + rows))
    customers = loading.customer_ids(session, as_of if past else None, history)
    advocates = loading.advocates(session, as_of, rules_settings["advocate_within_days"])
    analysis = analyse(history, customers, as_of, Rules.from_settings(rules_settings),
                       complaints=complaints, advocates=advocates)
    return analysis, customers, history, other


def _counts(session, as_of):
    """(purchases to read, customers) for the progress bar's total: purchases read, customers analysed and written."""
    customers = session.scalar(select(func.count()).select_from(Customer))
    return loading.purchase_count(session, as_of), customers


def _start_run(as_of, started_by, job_id):
    """The Run row, status running, committed with whatever the caller had pending."""
    if job_id is not None:
        # A job the core ran again (its worker died) leaves its earlier attempt's run behind: that one ended.
        db.session.execute(update(Run).where(Run.job_id == str(job_id), Run.status == "running")
                           .values(status="failed", finished_at=utcnow(), error="The job was run again.")
                           .execution_options(synchronize_session=False))
    run = Run(as_of=as_of, status="running", started_at=utcnow(), job_id=None if job_id is None else str(job_id),
              started_by_id=getattr(started_by, "id", started_by), models={})
    db.session.add(run)
    db.session.commit()
    return run


def _finish(run, **values):
    """Record the run's outcome in a transaction of its own."""
    for key, value in values.items():
        setattr(run, key, value)
    run.finished_at = utcnow()
    db.session.commit()


def compute(as_of=None, started_by=None, progress=None, job_id=None):
    """Compute the current workspace's figures as of `as_of` (default: today) into its Score rows; the Run.

    `started_by` is the user (or id) who asked, None for the nightly job;
    `progress(done, total)` hears of rows read and written; `job_id` is the
    core's job running it. A failure is recorded in the Run (status "failed",
    the error) and raised again; the previous scores then stay as they were.
    """
    as_of = as_of or workspace_today()
    run = _start_run(as_of, started_by, job_id)
    currency = workspace_currency()
    try:
        with _work_session() as work:
            purchases, customers = _counts(work, as_of)
            meter = Progress(progress, purchases + 2 * customers)
            analysis, customer_ids, history, other = _analysis(work, as_of, currency, meter,
                                                               loading.open_complaints())
            meter.at(purchases + len(customer_ids))
            _replace(work, delete(Score), Score, analysis.records(), meter)
            left_out = loading.other_currencies(work, as_of, currency) if other else {}
            work.commit()
    except Exception as problem:
        db.session.rollback()  # whatever the caller's session was doing when it failed is not the run's outcome
        _finish(run, status="failed", error=(str(problem) or type(problem).__name__)[:ERROR_LENGTH])
        raise
    models = dict(analysis.models)
    models["left_out"] = {**models.get("left_out", {}), "other_currencies": left_out}
    _finish(run, status="done", customers=len(customer_ids), purchases=len(history.customer), models=models)
    meter.at(meter.total)
    return run


def month_bounds(month):
    """(first day, last day) of the month `month` (any day of it) falls in."""
    first = month.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def snapshot(month, progress=None):
    """Take the current workspace's snapshot of `month` (a day in it): layers, classes, segments as of its last day.

    Replaces that month's Snapshot rows; ValueError for a month that has not
    ended yet. Customers count from the day they were created (or bought).
    Returns how many rows were written.
    """
    first, last = month_bounds(month)
    today = workspace_today()
    if last >= today:
        raise ValueError(f"{first:%Y-%m} has not ended yet")
    db.session.commit()  # what the caller wrote (the demo's purchases) is part of the figures
    currency = workspace_currency()
    complaints = loading.open_complaints() if (today - last).days <= COMPLAINTS_FRESH_DAYS else None
    with _work_session() as work:
        purchases, customers = _counts(work, last)
        meter = Progress(progress, purchases + 2 * customers)
        analysis, _customer_ids, _history, _other = _analysis(work, last, currency, meter, complaints, past=True)
        meter.at(purchases + customers)
        rows = ({"month": first, "customer_id": customer_id, "layer": layer, "abc_class": abc_class,
                 "segment": segment}
                for customer_id, layer, abc_class, segment in zip(
                    analysis.customer.tolist(), analysis.layer.tolist(), analysis.abc_class.tolist(),
                    analysis.segment.tolist()))
        written = _replace(work, delete(Snapshot).where(Snapshot.month == first), Snapshot, rows, meter)
        work.commit()
    meter.at(meter.total)
    return written


def taken_months():
    """The months (first days) the current workspace has snapshots of, oldest first."""
    return list(db.session.scalars(select(Snapshot.month).distinct().order_by(Snapshot.month)))


def months_due(today=None, limit=12):
    """The ended months not yet taken, oldest first: of the last `limit`, those from the first purchase's month on."""
    today = today or workspace_today()
    first_purchase = loading.first_purchase_day(db.session)
    if first_purchase is None:
        return []
    taken = set(taken_months())
    months, first = [], today.replace(day=1)
    for _ in range(limit):
        first = (first - date.resolution).replace(day=1)
        if first < first_purchase.replace(day=1):
            break
        if first not in taken:
            months.append(first)
    return sorted(months)
