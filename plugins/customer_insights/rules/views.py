"""Pages of the rules feature, under /insights/rules: the module's settings, each rule explained next to it."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import (
    JobsUnavailable, TooManyJobs, current_user, field_errors, gettext as _, has_permission, page_login_required,
    page_permission_required,
)

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.rules import explain, service
from plugins.customer_insights.runs import service as runs
from plugins.customer_insights.settings import settings

bp = page_blueprint("rules", __name__)


def _page(values, errors=None, status=200):
    """The Rules page showing `values` (as stored, or as typed) and `errors` next to their fields."""
    effective = settings()
    page = render_template("customer_insights/rules/index.html", values=values, errors=errors or {},
                           groups=explain.GROUPS, explanations=explain.FIELDS,
                           fields=service.InsightsSettingsSchema().fields,
                           segments=service.segment_rules(effective["segments"]), layers=service.layers(effective),
                           strategies=service.strategy_fields(), may_edit=has_permission(current_user, CONFIGURE))
    return page, status


@bp.route("/")
@page_login_required
def index():
    """The rules as they apply now: editable with insights.configure, read-only for everyone else."""
    return _page(service.stored())


@bp.route("/", methods=["POST"])
@page_permission_required(CONFIGURE)
def save():
    """Store the rules typed (blank numbers take their defaults); with "Save and compute", start a computation."""
    values = service.form_values(request.form)
    try:
        service.save(values)
    except ValidationError as err:
        return _page(values, field_errors(err), 422)
    flash(_("The rules are saved; they apply from the next computation."), "success")
    if request.form.get("compute"):
        try:
            runs.start(current_user)
        except (Conflict, JobsUnavailable, TooManyJobs) as refusal:
            flash(str(refusal.description), "error")
        else:
            flash(_("The computation has started; its progress is on the Jobs page."), "success")
            return redirect(url_for("insights_runs.index"))
    return redirect(url_for(".index"))
