"""The forecast pages under /sales/forecast/: the rolled-up table with attainment gauges, and adjusting a figure."""
from flask import abort, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, db, field_errors, gettext as _, page_login_required, workspace_today

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.forecast import history, service
from plugins.sales_automation.forecast.labels import basis_label, figure_labels
from plugins.sales_automation.forecast.schemas import SalesAdjustmentInputSchema, SalesForecastQuerySchema
from plugins.sales_automation.models.forecasts import ADJUSTED_FIGURES
from plugins.sales_automation.quotas.service import month_span, month_start, settable_user_ids
from plugins.sales_automation.remit import remit_units
from plugins.sales_automation.reports.figures import percent_of

bp = page_blueprint("forecast", __name__)
# Attainment in percent as the reports show it (one decimal, half up, from the amounts), on every sales page.
bp.add_app_template_filter(percent_of, "sales_percent_of")

FILTERS = ("month_from", "month_to", "unit_id")
ADJUST_FIELDS = ("month", "subject_kind", "subject_id", "figure", "amount", "note")


@bp.route("/")
@page_login_required
def index():
    """The forecast the user may see: months as columns, units and people as indented rows, attainment gauges."""
    raw = {key: request.args[key].strip() for key in FILTERS if request.args.get(key, "").strip()}
    view, problem, gauges = None, None, None
    try:
        args = SalesForecastQuerySchema().load(raw)
        first, last = month_span(args["month_from"], args["month_to"])
        view = service.forecast(current_user, first, last, args["unit_id"])
        gauges = history.attainment_chart(current_user, first, args["unit_id"], view)
    except ValidationError:
        problem = _("Some filters are not valid.")
    page = render_template("sales_automation/forecast/index.html", view=view, problem=problem, gauges=gauges,
                           filters=raw, units=remit_units(current_user), labels=figure_labels(),
                           basis=basis_label(view["basis"]) if view else "",
                           may_adjust=service.may_adjust(current_user),
                           sets_quotas=bool(settable_user_ids(current_user)))
    return page, 422 if problem else 200


def _subject_or_404(month, kind, subject_id):
    """The forecast row of the subject the user may see in `month`, else the same 404 as a missing one."""
    row = service.subject_row(service.forecast(current_user, month, month), kind, subject_id)
    if row is None:
        abort(404)
    return row


@bp.route("/adjust/user/<int:user_id>", methods=["GET", "POST"])
@page_login_required
def adjust_user(user_id):
    """Adjust one figure of a person's forecast of a month (`?month=YYYY-MM`), with a note."""
    return adjust("user", user_id)


@bp.route("/adjust/unit/<int:unit_id>", methods=["GET", "POST"])
@page_login_required
def adjust_unit(unit_id):
    """Adjust one figure of a unit's forecast (its subtotal) of a month (`?month=YYYY-MM`), with a note."""
    return adjust("unit", unit_id)


def adjust(kind, subject_id):
    """The adjust form of one subject: the original beside the adjusted figure, the form, the history."""
    try:
        month = month_start(SalesAdjustmentInputSchema().fields["month"].deserialize(
            request.values.get("month") or workspace_today().strftime("%Y-%m")))
    except ValidationError:
        abort(404)
    row = _subject_or_404(month, kind, subject_id)
    values = {"month": month.strftime("%Y-%m"), "figure": request.args.get("figure", "weighted")}
    errors = {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in ("figure", "amount", "note")}
        values["month"] = month.strftime("%Y-%m")
        try:
            data = SalesAdjustmentInputSchema().load({**values, "subject_kind": kind, "subject_id": subject_id})
            service.adjust(current_user, data["month"], kind, subject_id, data["figure"], data["amount"],
                           data["note"])
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            db.session.commit()
            flash(_("The forecast of %(name)s is adjusted.", name=row["name"]), "success")
            return redirect(url_for(".index", month_from=values["month"]))
    adjustments, _cursor = history.adjustment_page(current_user, {"subject_kind": kind, "subject_id": subject_id,
                                                                  "limit": 20})
    page = render_template("sales_automation/forecast/adjust.html", row=row, cell=row["cells"][0], month=month,
                           kind=kind, values=values, errors=errors, labels=figure_labels(),
                           figures=ADJUSTED_FIGURES, history=adjustments,
                           figure_options=[(key, figure_labels()[key]) for key in ADJUSTED_FIGURES], may_adjust=row["adjustable"])
    return page, 422 if errors else 200
