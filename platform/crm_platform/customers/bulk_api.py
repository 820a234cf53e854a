"""Bulk actions API: change many customers at once, at once or as a job."""
from flask import jsonify
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required
from crm_platform.customers.bulk import KIND, check_request, run_bulk, selection_count
from crm_platform.customers.bulk_schemas import BulkActionSchema, BulkResultSchema, job_params
from crm_platform.jobs.queue import enqueue
from crm_platform.jobs.schemas import JobSchema

blp = Blueprint("customers_bulk_api", __name__, description="Bulk actions on customers")


def start_bulk(user, data):
    """Run a loaded bulk request now (a page or less: (summary, 200)) or as a job ((job, 202))."""
    params = job_params(data)
    check_request(user, params["action"], params["value"])
    if selection_count(user, params) <= data["page_size"]:
        return run_bulk(user, params), 200
    return enqueue(KIND, user, params), 202


@blp.route("/customers/bulk", methods=["POST"])
@login_required
@blp.arguments(BulkActionSchema)
@blp.response(200, BulkResultSchema)
@blp.alt_response(202, schema=JobSchema, description="more than page_size customers: the job doing it")
def bulk(data):
    """Reassign, tag, untag, share, change status or level of, or pool the picked or matching customers.

    Only customers the caller may manage are changed; the others are counted as skipped.
    """
    result, status = start_bulk(current_user, data)
    if status == 202:
        # A Response of its own: the 200 schema above would otherwise serialise the job.
        response = jsonify(JobSchema().dump(result))
        response.status_code = 202
        return response
    return result
