"""Background jobs on RQ and Redis (GUIDE.md section 6, docs/jobs.md).

The `jobs` table is the source of truth; Redis only carries `(job_id, tenant_id)`
to a `crm worker`, which runs the job's kind inside the tenant's scope.
"""
from crm_platform.jobs.fairness import TooManyJobs
from crm_platform.jobs.kinds import JobContext, get_kind, register_kind
from crm_platform.jobs.queue import JobsUnavailable, enqueue

__all__ = ["JobContext", "JobsUnavailable", "TooManyJobs", "enqueue", "get_kind", "register_kind"]
