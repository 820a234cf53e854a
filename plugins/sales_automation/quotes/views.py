"""The quote pages under /sales/quotes: the list, a quote with its lines, the forms and the printable page.

Visibility, versions and totals come from service.py, as for the API; these views
turn them into pages. Every form posts with the CSRF token.
"""
from flask import flash, redirect, render_template, request, url_for

from sqlalchemy import select

from crm_platform.sdk import (
    Contact, Customer, Tenant, current_tenant_id, current_user, db, format_decimal, gettext as _, page_login_required,
    visible_customer_or_404,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.customer_records import may_manage
from plugins.sales_automation.pipelines.service import opportunity_or_404
from plugins.sales_automation.quotes import service
from plugins.sales_automation.quotes.forms import (
    attempt, customer_choices, form_values, list_page, schema_input,
)
from plugins.sales_automation.quotes.labels import STATUS_LABELS
from plugins.sales_automation.quotes.schemas import SalesQuoteLineSchema, SalesQuoteQuerySchema, SalesQuoteSchema
from plugins.sales_automation.settings import settings

bp = page_blueprint("quotes", __name__)

HEADER_INPUTS = ("title", "contact_id", "valid_until", "notes", "currency")
LINE_INPUTS = ("description", "unit", "quantity", "unit_price", "discount_percent", "tax_rate")
NULLABLE = ("contact_id", "valid_until", "notes")
FILTERS = ("status", "customer_id", "limit", "cursor")


@bp.errorhandler(service.QuoteError)
def refused(error):
    """A change the quote's state refuses: roll back, say why, and go back to the quote."""
    db.session.rollback()
    flash(error.description, "error")
    return redirect(url_for(".detail", quote_id=request.view_args["quote_id"]))


@bp.app_template_global("sales_quotes_of_opportunity")
def quotes_of_opportunity(opportunity_id):
    """The latest versions of an opportunity's quotes the signed-in user may see (for the opportunity page)."""
    return service.quotes_of_opportunity(current_user, opportunity_id)


@bp.app_template_global("sales_quote_status")
def quote_status(status):
    """The words for a quote's status."""
    return STATUS_LABELS[status]


@bp.app_template_filter("sales_number")
def plain_number(value):
    """A quantity, price or percentage in the reader's locale, with its places but no trailing zeros."""
    return format_decimal(value, format="#,##0.####")


@bp.route("/")
@page_login_required
def index():
    """The latest versions of the quotes the user may see, newest first."""
    return list_page("sales_automation/quotes/index.html", SalesQuoteQuerySchema(),
                     lambda args: service.quote_page(current_user, args), FILTERS,
                     lambda rows: {"status_labels": STATUS_LABELS})


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """A new draft quote, for a customer or an opportunity given in the query (or chosen in the form)."""
    opportunity = None
    if request.args.get("opportunity_id", "").isdigit():
        opportunity = opportunity_or_404(current_user, int(request.args["opportunity_id"]))
    values = {"title": opportunity.name, "currency": opportunity.currency} if opportunity else {}
    values["customer_id"] = str(opportunity.customer_id) if opportunity else request.args.get("customer_id", "")
    errors = {}
    if request.method == "POST":
        values = form_values(request.form, HEADER_INPUTS + ("customer_id",))
        quote, errors = attempt(lambda: _create(values, opportunity))
        if not errors:
            db.session.commit()
            flash(_("Quote %(number)s made: add its lines.", number=quote.number), "success")
            return redirect(url_for(".detail", quote_id=quote.id))
    customer = None
    if str(values.get("customer_id") or "").isdigit():
        customer = visible_customer_or_404(current_user, int(values["customer_id"]))
    page = render_template("sales_automation/quotes/form.html", quote=None, values=values, errors=errors,
                           customer=customer, opportunity=opportunity, contacts=_contacts(customer),
                           customers=[] if customer else customer_choices(current_user))
    return page, 422 if errors else 200


def _create(values, opportunity):
    """A quote from the new-quote form's `values`, on the opportunity when there is one."""
    data = SalesQuoteSchema().load({**schema_input(values, NULLABLE),
                                    "opportunity_id": opportunity.id if opportunity else None})
    return service.create_quote(current_user, visible_customer_or_404(current_user, data["customer_id"]), data)


@bp.route("/<int:quote_id>")
@page_login_required
def detail(quote_id):
    """A quote: header, lines, totals, its versions and what may be done with it."""
    return _detail(service.quote_or_404(current_user, quote_id))


def _detail(quote, line_values=None, line_errors=None):
    """The quote page, with the add-line form's input and errors after a failed add."""
    service.with_details(quote)
    page = render_template("sales_automation/quotes/detail.html", quote=quote, status_labels=STATUS_LABELS,
                           customer=_customer(quote),
                           can_manage=may_manage(current_user, quote),
                           line_values=line_values or {"tax_rate": str(settings()["default_tax_rate"])},
                           line_errors=line_errors or {})
    return page, 422 if line_errors else 200


@bp.route("/<int:quote_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(quote_id):
    """Change a quote's header (a sent quote becomes a new version)."""
    quote = service.quote_or_404(current_user, quote_id)
    service.require_manage(current_user, quote)
    values = {key: getattr(quote, key) for key in HEADER_INPUTS}
    errors = {}
    if request.method == "POST":
        values = form_values(request.form, HEADER_INPUTS)
        version, errors = attempt(lambda: service.update_quote(
            current_user, quote, SalesQuoteSchema(partial=True).load(schema_input(values, NULLABLE))))
        if not errors:
            return _saved(quote, version, _("Quote saved."))
    customer = _customer(quote)
    page = render_template("sales_automation/quotes/form.html", quote=quote, values=values, errors=errors,
                           customer=customer, opportunity=None, contacts=_contacts(customer), customers=[])
    return page, 422 if errors else 200


@bp.route("/<int:quote_id>/lines", methods=["POST"])
@page_login_required
def add_line(quote_id):
    """Add a line to a quote."""
    quote = service.quote_or_404(current_user, quote_id)
    values = form_values(request.form, LINE_INPUTS)
    added, errors = attempt(lambda: service.add_line(current_user, quote,
                                                     SalesQuoteLineSchema().load(schema_input(values))))
    if errors:
        return _detail(quote, values, errors)
    return _saved(quote, added[0], _("Line added."))


@bp.route("/<int:quote_id>/lines/<int:line_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit_line(quote_id, line_id):
    """Change one line of a quote."""
    quote = service.quote_or_404(current_user, quote_id)
    line = service.line_or_404(quote, line_id)
    service.require_manage(current_user, quote)
    values = {key: getattr(line, key) for key in LINE_INPUTS}
    errors = {}
    if request.method == "POST":
        values = form_values(request.form, LINE_INPUTS)
        changed, errors = attempt(lambda: service.update_line(current_user, quote, line,
                                                              SalesQuoteLineSchema().load(schema_input(values))))
        if not errors:
            return _saved(quote, changed[0], _("Line saved."))
    page = render_template("sales_automation/quotes/line_form.html", quote=quote, line=line, values=values,
                           errors=errors)
    return page, 422 if errors else 200


@bp.route("/<int:quote_id>/lines/<int:line_id>/delete", methods=["POST"])
@page_login_required
def delete_line(quote_id, line_id):
    """Remove a line from a quote."""
    quote = service.quote_or_404(current_user, quote_id)
    version = service.remove_line(current_user, quote, service.line_or_404(quote, line_id))
    return _saved(quote, version, _("Line removed."))


@bp.route("/<int:quote_id>/lines/<int:line_id>/move", methods=["POST"])
@page_login_required
def move_line(quote_id, line_id):
    """Move a line one place up or down."""
    quote = service.quote_or_404(current_user, quote_id)
    line = service.line_or_404(quote, line_id)
    version, _line = service.move_line(current_user, quote, line, -1 if request.form.get("direction") == "up" else 1)
    return _saved(quote, version, _("Line moved."))


@bp.route("/<int:quote_id>/status", methods=["POST"])
@page_login_required
def change_status(quote_id):
    """Send, accept or reject a quote."""
    quote = service.quote_or_404(current_user, quote_id)
    change = request.form.get("change")
    if change not in service.CHANGES:
        raise service.QuoteError(_("Choose send, accept or reject."))
    service.change_status(current_user, quote, change)
    db.session.commit()
    flash({"send": _("Quote marked as sent."), "accept": _("Quote accepted."),
           "reject": _("Quote rejected.")}[change], "success")
    return redirect(url_for(".detail", quote_id=quote.id))


@bp.route("/<int:quote_id>/print")
@page_login_required
def print_quote(quote_id):
    """The quote as a clean printable page: company, customer, lines and totals."""
    quote = service.with_details(service.quote_or_404(current_user, quote_id))
    contact = db.session.get(Contact, quote.contact_id) if quote.contact_id else None
    return render_template("sales_automation/quotes/print.html", quote=quote, customer=_customer(quote),
                           contact=contact, company=db.session.get(Tenant, current_tenant_id()),
                           status_labels=STATUS_LABELS)


def _customer(quote):
    """The quote's customer (seen through the quote, which its owner sees even when the customer is not theirs)."""
    return db.session.get(Customer, quote.customer_id)


def _contacts(customer):
    """(id, name) of the customer's contacts, for the contact select."""
    if customer is None:
        return []
    rows = db.session.execute(select(Contact.id, Contact.name).where(Contact.customer_id == customer.id)
                              .order_by(Contact.name))
    return [(str(row.id), row.name) for row in rows]


def _saved(quote, version, message):
    """Commit, say so (and that a new version was made), and show the version changed."""
    db.session.commit()
    if version.id != quote.id:
        message = _("%(message)s Version %(version)d made; the sent version is kept.", message=message,
                    version=version.version)
    flash(message, "success")
    return redirect(url_for(".detail", quote_id=version.id))
