"""Quotes as users may see and change them: shared by the API, the pages, the hooks and the demo.

A quote is visible through its customer or to its owner. Only the latest version
of a quote number changes: a draft in place; a sent (or rejected) quote by a new
version (same number, version + 1, lines copied, the old one `superseded`); an
accepted quote not at all. Functions here flush; the caller commits.
"""
from datetime import datetime
from decimal import Decimal

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import func, select, update
from werkzeug.exceptions import Conflict

from crm_platform.sdk import Contact, db, document_number, gettext as _, keyset_page, workspace_currency

from plugins.sales_automation import customer_records as records
from plugins.sales_automation.customer_records import record_criterion, record_or_404
from plugins.sales_automation.models import Opportunity, Quote, QuoteLine
from plugins.sales_automation.pipelines.service import opportunity_criterion
from plugins.sales_automation.quotes.money import MAX_AMOUNT, line_figures, quote_totals
from plugins.sales_automation.settings import settings

HEADER_FIELDS = ("title", "contact_id", "opportunity_id", "valid_until", "notes", "currency")
LINE_FIELDS = ("description", "unit", "quantity", "unit_price", "discount_percent", "tax_rate")
CHANGES = {"send": ("draft", "sent"), "accept": ("sent", "accepted"), "reject": ("sent", "rejected")}
"""The status changes: from which status, to which."""


class QuoteError(Conflict):
    """A change the quote's state refuses (an old version, an accepted quote): a 409 with this message."""


def quote_criterion(user):
    """The WHERE clause selecting the quotes `user` may see: through the customer, or as the owner."""
    return record_criterion(user, Quote)


def quote_or_404(user, quote_id):
    """The quote (any version) if `user` may see it; otherwise the same 404 as a missing id."""
    return record_or_404(user, Quote, quote_id)


def require_manage(user, quote):
    """Refuse with 403 unless `user` may change `quote`."""
    records.require_manage(user, quote, _("Only the quote's owner or whoever manages its customer may change it."))


def quote_page(user, args):
    """A cursor page of the latest versions of the quotes `user` may see, newest first; (quotes, next_cursor)."""
    stmt = select(Quote).where(quote_criterion(user))
    status = args.get("status")
    stmt = stmt.where(Quote.status == status) if status else stmt.where(Quote.status != "superseded")
    for key in ("customer_id", "opportunity_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Quote, key) == args[key])
    return keyset_page(stmt, [Quote.created_at, Quote.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])


def quotes_of_opportunity(user, opportunity_id):
    """The latest versions of an opportunity's quotes that `user` may see, newest first."""
    return db.session.scalars(select(Quote).where(Quote.opportunity_id == opportunity_id, Quote.status != "superseded",
                                                  quote_criterion(user))
                              .order_by(Quote.created_at.desc(), Quote.id.desc())).all()


def lines_of(quote):
    """The quote's lines in order."""
    return db.session.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id)
                              .order_by(QuoteLine.position, QuoteLine.id)).all()


def versions_of(quote):
    """Every version of the quote's number, oldest first."""
    return db.session.scalars(select(Quote).where(Quote.number == quote.number).order_by(Quote.version)).all()


def is_latest(quote):
    """True for the latest version of its number (every older one is superseded)."""
    return quote.status != "superseded"


def check_links(user, customer_id, data):
    """Refuse (422) a contact of another customer, or an opportunity the user may not see or of another customer."""
    problems = {}
    if data.get("contact_id") is not None and db.session.scalar(
            select(Contact.id).where(Contact.id == data["contact_id"], Contact.customer_id == customer_id)) is None:
        problems["contact_id"] = [_("Choose a contact of the quote's customer.")]
    if data.get("opportunity_id") is not None and db.session.scalar(
            select(Opportunity.id).where(Opportunity.id == data["opportunity_id"], opportunity_criterion(user),
                                         Opportunity.customer_id == customer_id)) is None:
        problems["opportunity_id"] = [_("Choose an opportunity of the quote's customer.")]
    if problems:
        raise ValidationError(problems)


def create_quote(user, customer, data):
    """A new draft quote (flushed) for `customer` (one `user` may see), owned by `user`, numbered, with its lines."""
    check_links(user, customer.id, data)
    quote = Quote(number=document_number("quote", settings()["quote_prefix"]), version=1, status="draft",
                  customer_id=customer.id, owner_id=user.id,
                  **{key: data.get(key) for key in HEADER_FIELDS if key != "currency"},
                  currency=data.get("currency") or workspace_currency())
    db.session.add(quote)
    db.session.flush()
    for position, line in enumerate(data.get("lines") or [], start=1):
        db.session.add(_new_line(quote, line, position))
    return recompute(quote)


def editable_version(user, quote):
    """The version that takes a change to `quote`: itself while a draft, else a new version; (version, line map).

    The line map takes each line id of `quote` to the same line of the version returned.
    """
    require_manage(user, quote)
    if not is_latest(quote):
        raise QuoteError(_("Only the latest version of a quote can be changed."))
    if quote.status == "accepted":
        raise QuoteError(_("An accepted quote cannot be changed."))
    lines = lines_of(quote)
    if quote.status == "draft":
        return quote, {line.id: line for line in lines}
    version = Quote(number=quote.number, version=quote.version + 1, status="draft", customer_id=quote.customer_id,
                    owner_id=quote.owner_id, **{key: getattr(quote, key) for key in HEADER_FIELDS})
    quote.status = "superseded"
    db.session.add(version)
    db.session.flush()
    copies = {}
    for line in lines:
        copies[line.id] = QuoteLine(quote_id=version.id, position=line.position,
                                    **{key: getattr(line, key) for key in LINE_FIELDS})
        db.session.add(copies[line.id])
    db.session.flush()
    recompute(version)
    return version, copies


def update_quote(user, quote, data):
    """Change the header (and, when `lines` is given, replace every line); returns the version changed."""
    check_links(user, quote.customer_id, {key: data.get(key, getattr(quote, key)) for key in HEADER_FIELDS})
    version, _copies = editable_version(user, quote)
    for key in HEADER_FIELDS:
        if key in data:
            setattr(version, key, data[key] if key != "currency" else data[key] or version.currency)
    if "lines" in data:
        for line in lines_of(version):
            db.session.delete(line)
        db.session.flush()
        for position, line in enumerate(data["lines"], start=1):
            db.session.add(_new_line(version, line, position))
    return recompute(version)


def add_line(user, quote, data):
    """Add a line at the end (or at `position`); returns (version, line)."""
    version, _copies = editable_version(user, quote)
    line = _new_line(version, data, len(lines_of(version)) + 1)
    db.session.add(line)
    db.session.flush()
    if data.get("position"):
        _move(version, line, data["position"])
    recompute(version)
    return version, line


def update_line(user, quote, line, data):
    """Change a line of `quote` (moving it when `position` is given); returns (version, line)."""
    version, copies = editable_version(user, quote)
    line = copies[line.id]
    for key in LINE_FIELDS:
        if key in data:
            setattr(line, key, data[key])
    if data.get("position"):
        _move(version, line, data["position"])
    recompute(version)
    return version, line


def remove_line(user, quote, line):
    """Remove a line of `quote`; returns the version changed."""
    version, copies = editable_version(user, quote)
    db.session.delete(copies[line.id])
    db.session.flush()
    _renumber(lines_of(version))
    return recompute(version)


def line_or_404(quote, line_id):
    """The line `line_id` of `quote`, or 404."""
    line = db.session.scalar(select(QuoteLine).where(QuoteLine.id == line_id, QuoteLine.quote_id == quote.id))
    if line is None:
        abort(404)
    return line


def change_status(user, quote, change):
    """Send, accept or reject the latest version of a quote (`change` from CHANGES)."""
    require_manage(user, quote)
    before, status = CHANGES[change]
    if not is_latest(quote):
        raise QuoteError(_("Only the latest version of a quote can be sent, accepted or rejected."))
    if quote.status != before:
        raise QuoteError(_("Only a draft can be sent.") if change == "send"
                         else _("Only a sent quote can be accepted or rejected."))
    if change == "send" and not lines_of(quote):
        raise QuoteError(_("Add a line before sending the quote."))
    quote.status = status
    db.session.flush()
    return quote


def recompute(quote):
    """Store each line's rounded figures and the quote's totals from its lines (see money.py)."""
    figures = []
    for line in lines_of(quote):
        figure = line_figures(line.quantity, line.unit_price, line.discount_percent, line.tax_rate)
        line.net, line.tax, line.total = figure.net, figure.tax, figure.total
        figures.append(figure)
    totals = quote_totals(figures)
    if totals.total > MAX_AMOUNT:
        raise ValidationError({"lines": [_("The quote's total is too large.")]})
    quote.subtotal, quote.discount_total = totals.subtotal, totals.discount_total
    quote.tax_total, quote.total = totals.tax_total, totals.total
    db.session.flush()
    return quote


def customers_merged(kept, merged_id):
    """Give the duplicate customer's quotes to the customer kept (in the merge's transaction)."""
    db.session.execute(update(Quote).where(Quote.customer_id == merged_id).values(customer_id=kept.id),
                       execution_options={"synchronize_session": False})


def quote_count(customer_id):
    """How many quotes (latest versions) a customer has."""
    return db.session.scalar(select(func.count()).select_from(Quote).where(Quote.customer_id == customer_id,
                                                                            Quote.status != "superseded"))


def _new_line(quote, data, position):
    """A line of `quote` from validated `data`, the tax rate defaulting to the workspace's."""
    values = {key: data.get(key) for key in LINE_FIELDS}
    if values["tax_rate"] is None:
        values["tax_rate"] = Decimal(str(settings()["default_tax_rate"]))
    if values["discount_percent"] is None:
        values["discount_percent"] = Decimal(0)
    return QuoteLine(quote_id=quote.id, position=position, **values)


def _move(quote, line, position):
    """Put `line` at 1-based `position` among the quote's lines (clamped to the ends)."""
    others = [other for other in lines_of(quote) if other.id != line.id]
    index = max(0, min(position - 1, len(others)))
    _renumber(others[:index] + [line] + others[index:])


def _renumber(lines):
    """Number lines 1, 2, ... in the order given."""
    for position, line in enumerate(lines, start=1):
        line.position = position
    db.session.flush()


def move_line(user, quote, line, step):
    """Move a line one place up (step -1) or down (+1); returns (version, line)."""
    version, copies = editable_version(user, quote)
    line = copies[line.id]
    _move(version, line, line.position + step)
    return version, line


def with_details(quote):
    """`quote` with `lines`, `versions` and `latest` set, as the API and the pages show one quote."""
    quote.lines, quote.versions, quote.latest = lines_of(quote), versions_of(quote), is_latest(quote)
    return quote
