"""The quotas page under /sales/quotas/: a grid of people by months, editable by whoever sets their quotas."""
from decimal import Decimal, InvalidOperation

from flask import abort, flash, redirect, render_template, request, url_for
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


def unchanged(value, quota):
    """Whether the cell's submitted `value` says what is stored (`quota`, None when unset)."""
    if not value:
        return quota is None
    try:
        return quota is not None and Decimal(value) == quota
    except InvalidOperation:
        return False


def changed_rows(grid, values):
    """([row], [cell name]) of the editable cells whose submitted value differs from the stored quota.

    Only changes are sent, so a full grid (two years of a large team) stays under the
    API's limit of rows and unchanged quotas keep who set them.
    """
    rows, names = [], []
    for person in grid["people"]:
        if not person["editable"]:
            continue
        for cell in person["months"]:
            name = cell_name(person["user_id"], cell["month"])
            if name in request.form:
                values[name] = request.form[name].strip()
                if not unchanged(values[name], cell["quota"]):
                    names.append(name)
                    rows.append({"user_id": person["user_id"], "month": cell["month"].strftime("%Y-%m"),
                                 "amount": values[name] or None})
    return rows, names


@bp.route("/", methods=["GET", "POST"])
@page_login_required
def index():
    """The quotas, amount achieved and attainment of the people in the user's remit; set the editable ones."""
    first, last, filters, problem = _span()
    grid = service.quota_grid(current_user, first, last)
    errors, values = {}, {}
    if request.method == "POST":
        if not service.may_set_quotas(current_user):
            abort(403)
        rows, names = changed_rows(grid, values)
        try:
            if rows:
                service.set_quotas(current_user, SalesQuotaInputSchema().load({"rows": rows})["rows"])
        except ValidationError as err:
            db.session.rollback()
            messages = err.messages.get("rows", {}) if isinstance(err.messages, dict) else {}
            for index, problems in (messages.items() if isinstance(messages, dict) else ()):
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
