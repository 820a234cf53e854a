"""The quotas page under /sales/quotas/: a grid of people by months, editable by whoever sets their quotas."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, db, gettext as _, page_login_required

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.forecast.labels import basis_label
from plugins.sales_automation.quotas import service
from plugins.sales_automation.quotas.schemas import SalesMonthRangeQuerySchema, SalesQuotaInputSchema

bp = page_blueprint("quotas", __name__)

FILTERS = ("month_from", "month_to")
DEFAULT_MONTHS = 6


def cell_name(user_id, month):
    """The form input of one person's quota of one month."""
    return f"quota-{user_id}-{month.strftime('%Y-%m')}"


def _span():
    """(first, last month, query args, problem) from the query string (this month and five more by default)."""
    raw = {key: request.values[key].strip() for key in FILTERS if request.values.get(key, "").strip()}
    try:
        args = SalesMonthRangeQuerySchema().load(raw)
    except ValidationError:
        return (*service.month_span(None, None, DEFAULT_MONTHS), {}, _("Some filters are not valid."))
    return (*service.month_span(args["month_from"], args["month_to"], DEFAULT_MONTHS), raw, None)


@bp.route("/", methods=["GET", "POST"])
@page_login_required
def index():
    """The quotas, amount achieved and attainment of the people in the user's remit; set the editable ones."""
    first, last, filters, problem = _span()
    grid = service.quota_grid(current_user, first, last)
    errors, values = {}, {}
    if request.method == "POST":
        rows, names = [], []
        for person in grid["people"]:
            if not person["editable"]:
                continue
            for month in grid["months"]:
                name = cell_name(person["user_id"], month)
                if name in request.form:
                    values[name] = request.form[name].strip()
                    names.append(name)
                    rows.append({"user_id": person["user_id"], "month": month.strftime("%Y-%m"),
                                 "amount": values[name] or None})
        try:
            data = SalesQuotaInputSchema().load({"rows": rows})
            service.set_quotas(current_user, data["rows"])
        except ValidationError as err:
            db.session.rollback()
            messages = err.messages.get("rows", {}) if isinstance(err.messages, dict) else {}
            for index, problems in messages.items():
                found = problems.values() if isinstance(problems, dict) else [problems]
                errors[names[int(index)]] = " ".join(str(message) for listed in found for message in listed)
            problem = problem or _("Some quotas could not be saved; see the marked cells.")
        else:
            db.session.commit()
            flash(_("Quotas saved."), "success")
            return redirect(url_for(".index", **filters))
    page = render_template("sales_automation/quotas/index.html", grid=grid, filters=filters, problem=problem,
                           errors=errors, values=values, cell_name=cell_name, basis=basis_label(grid["basis"]),
                           editable=any(person["editable"] for person in grid["people"]))
    return page, 422 if errors or problem else 200
