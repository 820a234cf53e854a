"""Fair jobs across workspaces: a cap on each workspace's unfinished jobs, and its slots on the worker queue.

Two limits (docs/jobs.md, "Fair jobs"):

- CRM_JOB_WORKSPACE_MAX_JOBS: a workspace's queued and running rows together.
  A job a request queues past it is refused with 429 before anything is
  written; the tick's jobs (one per schedule and period) and those jobs queue
  are counted but not refused.
- CRM_JOB_WORKSPACE_MAX_RUNNING: how many of a workspace's jobs may be on the
  worker queue or running at once. It is RQ's own concurrency limit
  (`rq.RateLimit`, keyed by workspace): the rest wait in RQ's rate-limited set,
  and each job that ends lets the workspace's oldest waiting job join the back
  of the queue. So the queue is first in, first out over workspaces, each with
  at most that many places: round-robin across the workspaces that have work.
"""
import logging

from flask import current_app
from flask_babel import ngettext
from redis import RedisError
from rq import RateLimit
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.rate_limit import RateLimitRegistry
from sqlalchemy import func, select
from werkzeug.exceptions import TooManyRequests

from crm_platform.extensions import db
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.models.jobs import Job

log = logging.getLogger("crm.jobs")

# A refused client is told to wait this long: jobs usually end within a minute or two.
RETRY_AFTER_SECONDS = 60


class TooManyJobs(TooManyRequests):
    """The workspace has as many unfinished jobs as it may have; nothing was queued (429)."""


def unfinished_jobs():
    """How many of the current workspace's jobs are queued or running."""
    return db.session.scalar(select(func.count()).select_from(Job).where(Job.status.in_(("queued", "running"))))


def check_room():
    """Raise TooManyJobs unless the current workspace may queue one more job."""
    limit = int(current_app.config["CRM_JOB_WORKSPACE_MAX_JOBS"])
    count = unfinished_jobs()
    if count >= limit:
        raise TooManyJobs(ngettext("This workspace already has %(num)d background job waiting or running, the most "
                                   "it may have at once. Try again when it has finished.",
                                   "This workspace already has %(num)d background jobs waiting or running, the most "
                                   "it may have at once. Try again when some of them have finished.", count),
                          retry_after=RETRY_AFTER_SECONDS)


def workspace_slots(tenant_id):
    """RQ's concurrency limit shared by every job of workspace `tenant_id`."""
    return RateLimit(f"crm:workspace:{tenant_id}", int(current_app.config["CRM_JOB_WORKSPACE_MAX_RUNNING"]))


def free_slot(connection, rq_id):
    """Give back the slot that RQ job `rq_id` of a dead worker holds, letting the workspace's next job in.

    RQ frees it too, but only once its maintenance (every 10 minutes) finds the
    job abandoned; recovery knows sooner. Should that worker only have stalled,
    its job releases nothing more when it ends. When Redis has gone away
    meanwhile, RQ's maintenance frees the slot later.
    """
    try:
        rq_job = RQJob.fetch(rq_id, connection=connection)
        if rq_job.has_rate_limit:
            RateLimitRegistry.from_job(rq_job).release_and_enqueue(rq_job.id)
    except NoSuchJobError:
        pass
    except (RedisError, LocalRedisError):
        log.warning("job recovery: Redis went away; RQ's maintenance frees the slot of RQ job %s", rq_id)
