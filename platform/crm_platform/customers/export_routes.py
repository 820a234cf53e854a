"""The customer list's export buttons: queue an export of the listed customers as CSV or .xlsx."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from crm_platform.customers import bp
from crm_platform.customers.export import KIND
from crm_platform.customers.export_api import ExportRequestSchema
from crm_platform.forms import query_input
from crm_platform.jobs.queue import enqueue

# The list's filters that an export keeps (it is ordered by id: no sort, cursor or page size).
EXPORT_FIELDS = ("q", "status", "level", "region", "province_code", "industry", "source", "owner_id",
                 "org_unit_id", "tag", "format")


@bp.route("/export", methods=["POST"])
@login_required
def export():
    """Queue an export of the customers the list shows with the posted filters, then show it on the Jobs page."""
    try:
        filters = ExportRequestSchema().load(query_input(request.form, EXPORT_FIELDS))
    except ValidationError:
        flash(_("Some filters are not valid; correct them and export again."), "error")
        return redirect(url_for(".index"))
    job = enqueue(KIND, current_user, filters)
    flash(_("The export has started; download it here when it is finished."), "success")
    return redirect(url_for("jobs.index", _anchor=f"job-{job.id}"))
