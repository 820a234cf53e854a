"""The return visit pages under /service/followups: my return visits (or all I may see), one, and its outcome."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    current_user, db, field_errors, gettext as _, list_page, local_next, page_login_required, query_input,
    workspace_today,
)

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.followups import service
from plugins.service_support.followups.labels import KIND_LABELS, REASON_LABELS, RESULT_LABELS
from plugins.service_support.followups.schemas import ServiceFollowUpOutcomeSchema, ServiceFollowUpQuerySchema

bp = page_blueprint("followups", __name__)

SCOPES = ("mine", "visible")
OUTCOME_FIELDS = ("result", "kind", "outcome", "log_activity")


@bp.app_template_global("service_follow_up_labels")
def follow_up_labels():
    """The readable names of kinds, reasons and results, for the return visit partials."""
    return {"kind": KIND_LABELS, "reason": REASON_LABELS, "result": RESULT_LABELS}


@bp.route("/")
@page_login_required
def index():
    """My return visits: the open ones, overdue highlighted (or done ones; or all I may see, e.g. my unit's)."""
    scope = request.args.get("scope") if request.args.get("scope") in SCOPES else "mine"
    raw = query_input(request.args, ("status", "cursor"))
    items, next_cursor, problem = list_page(ServiceFollowUpQuerySchema(), {**raw, "mine": str(scope == "mine").lower()},
                                            lambda args: service.follow_up_page(current_user, args))
    filters = {key: value for key, value in raw.items() if key != "cursor"}
    if scope != "mine":
        filters["scope"] = scope
    page = render_template("service_support/followups/index.html", follow_ups=items, next_cursor=next_cursor,
                           filters=filters, on_later_page="cursor" in raw, problem=problem, scope=scope,
                           status=raw.get("status", "open"), today=workspace_today(), **service.listing(items))
    return page, 400 if problem else 200


@bp.route("/<int:follow_up_id>", methods=["GET", "POST"])
@page_login_required
def detail(follow_up_id):
    """A return visit: for whom, by when, why; its owner (or the customer's manager) records the outcome here."""
    follow_up = service.follow_up_or_404(current_user, follow_up_id)
    values, errors = {"kind": follow_up.kind}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in OUTCOME_FIELDS}
        try:
            data = ServiceFollowUpOutcomeSchema().load({**values, "log_activity": bool(values["log_activity"])})
            service.record_outcome(current_user, follow_up, data)
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Outcome recorded and activity logged.") if data["log_activity"] else _("Outcome recorded."),
                  "success")
            return redirect(local_next(request.form.get("next"), url_for(".detail", follow_up_id=follow_up.id)))
    page = render_template("service_support/followups/detail.html", follow_up=follow_up, values=values,
                           errors=errors, today=workspace_today(),
                           may_record=service.may_record(current_user, follow_up),
                           may_log=service.may_log_activity(current_user, follow_up), **service.listing([follow_up]))
    return page, 422 if errors else 200
