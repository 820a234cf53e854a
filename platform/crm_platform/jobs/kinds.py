"""The registry of job kinds: what `kind` names and the function that runs it."""
from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select


@dataclass
class JobKind:
    """A kind of background job."""

    name: str
    handler: Callable
    label: str
    timeout: int = 3600
    # True when running the job twice does no harm (idempotency keys): only such
    # kinds are retried after a worker died mid-job.
    idempotent: bool = False


@dataclass
class JobContext:
    """What a handler gets: ids, its user, its params and a progress callback.

    `progress(done, total)` commits the session, so handlers call it at chunk
    boundaries: the chunk's rows and the progress that counts them land together.
    """

    job_id: int
    tenant_id: int
    user: object  # None for jobs the workspace runs itself (schedules)
    params: dict
    progress: Callable = field(repr=False)


_KINDS = {}


def register_kind(name, handler, label=None, timeout=3600, idempotent=False):
    """Register (or replace) the handler run for jobs of kind `name`."""
    _KINDS[name] = JobKind(name, handler, label or name, timeout, idempotent)


def get_kind(name):
    """The JobKind called `name`, or None."""
    return _KINDS.get(name)


def selftest(ctx):
    """Count to `count` with progress, then report what this tenant and user can see; `fail` raises."""
    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.visibility import customer_criterion

    count = int(ctx.params.get("count", 3))
    for done in range(1, count + 1):
        ctx.progress(done, count)
    if ctx.params.get("fail"):
        raise RuntimeError(str(ctx.params["fail"]))
    return {
        "counted": count,
        "customers": db.session.scalar(select(func.count(Customer.id))),
        "visible_customers": (db.session.scalar(select(func.count(Customer.id)).where(customer_criterion(ctx.user)))
                              if ctx.user is not None else None),
    }


register_kind("selftest", selftest, _l("Self-test"), timeout=60, idempotent=True)
