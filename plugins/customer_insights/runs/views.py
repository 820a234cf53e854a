"""Pages of the runs feature, under /insights/runs: the computations, "Compute now", the fitted models."""
from flask import flash, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Conflict

from crm_platform.sdk import (
    JobsUnavailable, TooManyJobs, current_user, gettext as _, page_login_required, page_permission_required,
)

from plugins.customer_insights.blueprints import page_blueprint
from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.runs import models_shown, pipeline, service

bp = page_blueprint("runs", __name__)

PAGE_SIZE = 20


@bp.route("/")
@page_login_required
def index():
    """The runs, newest first; for those who configure, "Compute now" and the last run's fitted models."""
    cursor = request.args.get("cursor") or None
    problem = None
    try:
        runs, next_cursor = service.runs_page(cursor, PAGE_SIZE)
    except BadRequest:
        runs, next_cursor, cursor, problem = [], None, None, _("That page of runs does not exist; here is the first.")
    full = service.may_configure()
    last = service.last_done()
    page = render_template("customer_insights/runs/index.html", runs=runs, next_cursor=next_cursor,
                           on_later_page=bool(cursor), problem=problem, full=full, under_way=service.under_way(),
                           starters=service.starters(runs), last=last,
                           models=models_shown.fitted(last.models) if full and last else [],
                           left_out=models_shown.left_out(last.models) if full and last else [],
                           months=pipeline.taken_months())
    return page, 400 if problem else 200


@bp.route("/start", methods=["POST"])
@page_permission_required(CONFIGURE)
def start():
    """Compute now: queue the computation and come back to the runs, with where to follow its progress."""
    try:
        service.start(current_user)
    except (Conflict, JobsUnavailable, TooManyJobs) as refusal:
        flash(str(refusal.description), "error")
    else:
        flash(_("The computation has started; its progress is on the Jobs page."), "success")
    return redirect(url_for(".index"))
