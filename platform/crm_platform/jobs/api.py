"""API for background jobs: the caller's jobs and their progress."""
from datetime import datetime

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required, permission_required
from crm_platform.api.pagination import keyset_page
from crm_platform.jobs.access import listed_jobs, readable_job_or_404, require_selftest_open
from crm_platform.jobs.queue import enqueue
from crm_platform.jobs.schemas import JobPageSchema, JobQuerySchema, JobSchema, SelftestSchema
from crm_platform.models import Job

blp = Blueprint("jobs_api", __name__, description="Background jobs")


@blp.route("/jobs")
class Jobs(MethodView):
    """The caller's background jobs, or the workspace's own."""

    @login_required
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobPageSchema)
    def get(self, args):
        """List the caller's jobs, or with scope=workspace the workspace's scheduled jobs (admins), newest first."""
        # Ids are random (opaque_ids.py): creation time orders, the id breaks ties.
        items, cursor = keyset_page(listed_jobs(args["scope"]), [Job.created_at, Job.id], True, args.get("cursor"),
                                    args["limit"], types=[datetime, int])
        return {"items": items, "next_cursor": cursor}


@blp.route("/jobs/<int:job_id>")
@login_required
@blp.response(200, JobSchema)
def job(job_id):
    """Read a job: its own user's, or any of the workspace's for an admin."""
    return readable_job_or_404(job_id)


@blp.route("/jobs/selftest", methods=["POST"])
@permission_required("users.manage")
@blp.arguments(SelftestSchema)
@blp.response(202, JobSchema)
def selftest(data):
    """Queue a self-test job (admins, where the server allows it): proves Redis and a worker are up; 503 if not."""
    require_selftest_open()
    return enqueue("selftest", current_user, data)
