"""The customer list's bulk actions and Export button (pages); the API's service does the work."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden

from crm_platform.customers import bp
from crm_platform.customers.bulk_api import start_bulk
from crm_platform.custom_fields.filters import PREFIX as CUSTOM_PREFIX, filter_params
from crm_platform.customers.bulk_schemas import BulkActionSchema, VALUE_FIELDS
from crm_platform.customers.export import KIND as EXPORT_KIND
from crm_platform.customers.export_api import ExportRequestSchema
from crm_platform.customers.module_filters import module_filters, module_params
from crm_platform.customers.routes import LIST_FILTERS
from crm_platform.extensions import db
from crm_platform.forms import field_errors, query_input
from crm_platform.jobs.fairness import TooManyJobs
from crm_platform.jobs.queue import JobsUnavailable, enqueue

# The list's filters that work on every match keeps (it is ordered by id: no sort or page size).
FILTER_NAMES = tuple(name for name in LIST_FILTERS if name not in ("sort", "limit"))
PREFIX = "filter_"  # the list's filters ride along as hidden filter_<name> fields


def list_filters(offered=None):
    """The list's filters the form carried, custom fields' (cf_…) and modules' included, as query-string values."""
    carried = {key[len(PREFIX):]: value for key, value in request.form.items() if key.startswith(PREFIX)}
    offered = module_filters(current_user) if offered is None else offered
    return {**query_input(carried, FILTER_NAMES), **filter_params(carried), **module_params(offered, carried)}


def selection_filters():
    """The carried filters as CustomerFiltersSchema input: cf_… in `custom_fields`, modules' in `module_filters`."""
    offered = module_filters(current_user)
    filters = list_filters(offered)
    custom = {name: filters.pop(name) for name in list(filters) if name.startswith(CUSTOM_PREFIX)}
    modules = {name: filters.pop(name) for name in list(filters) if name in offered}
    return {**filters, **({"custom_fields": custom} if custom else {}),
            **({"module_filters": modules} if modules else {})}


def _back():
    """Back to the list with the filters and page size it had."""
    limit = request.form.get("page_size", "").strip()
    return redirect(url_for(".index", **list_filters(), **({"limit": limit} if limit.isdigit() else {})))


def _bulk_input():
    """The bulk form as BulkActionSchema input: the action's value, and the picked ids or the list's filters."""
    action = request.form.get("action", "")
    data = {"action": action}
    needed = VALUE_FIELDS.get(action)
    if needed and request.form.get(needed[0], "").strip():
        value = request.form[needed[0]].strip()
        data[needed[0]] = int(value) if needed[0].endswith("_id") and value.isdigit() else value
    if request.form.get("scope") == "all":
        data["filters"] = selection_filters()
    else:
        data["ids"] = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        if not data["ids"]:
            data.pop("ids")  # the schema then asks for a selection
    limit = request.form.get("page_size", "")
    if limit.isdigit():
        data["page_size"] = int(limit)
    return data


@bp.route("/bulk", methods=["POST"])
@login_required
def bulk():
    """Apply a bulk action to the picked rows or to all customers matching the list's filters."""
    try:
        data = BulkActionSchema().load(_bulk_input())
        result, status = start_bulk(current_user, data)
    except ValidationError as err:
        db.session.rollback()
        problems = field_errors(err)
        if "ids" in problems:
            problems = {"ids": _("Pick some customers, or choose all that match the filters.")}
        flash(" ".join(str(message) for message in problems.values()), "error")
        return _back()
    except (Forbidden, JobsUnavailable, TooManyJobs) as err:
        db.session.rollback()
        flash(err.description, "error")
        return _back()
    if status == 202:
        flash(_("This touches more than one page of customers: it runs as a job; follow it here."), "success")
        return redirect(url_for("jobs.index"))
    flash(_("%(changed)s changed, %(unchanged)s already so, %(skipped)s skipped (not yours to change).",
            changed=result["changed"], unchanged=result["unchanged"], skipped=result["skipped"]), "success")
    return _back()


@bp.route("/export", methods=["POST"])
@login_required
def export():
    """Export the customers matching the list's filters to CSV or .xlsx (the export job); follow it on the jobs page."""
    try:
        filters = ExportRequestSchema().load({**selection_filters(), "format": request.form.get("format", "csv")})
        enqueue(EXPORT_KIND, current_user, filters)
    except ValidationError:
        flash(_("Some filters are not valid; correct them and search again."), "error")
        return _back()
    except (JobsUnavailable, TooManyJobs) as err:
        flash(err.description, "error")
        return _back()
    flash(_("The export is running; download it here when it has finished."), "success")
    return redirect(url_for("jobs.index"))
