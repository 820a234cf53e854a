"""Customers with their figures: the list (filters, sort, keyset pages) and one customer's, within sight only.

The list sorts by lifetime value, revenue or the development index, either way,
ties by customer id; customers without a value (no CLV fitted, no CDI) come last
in both directions. Its cursor holds the last row's value and id.
"""
import base64
import binascii
import json
import math
from decimal import Decimal, InvalidOperation

from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from crm_platform.sdk import Customer, db, gettext as _, visible_customer_or_404, workspace_currency

from plugins.customer_insights.engine.segments import segment_label
from plugins.customer_insights.labels import class_label
from plugins.customer_insights.layers import layer_label, strategy
from plugins.customer_insights.models.scores import Score
from plugins.customer_insights.visible import in_sight

SORTS = ("-clv", "clv", "-revenue", "revenue", "-cdi", "cdi")
COLUMNS = {"clv": Score.clv, "revenue": Score.revenue, "cdi": Score.cdi}
NULLABLE = ("clv", "cdi")
CENT = Decimal("0.01")
LARGEST = Decimal(2**63 - 1).scaleb(-2)
LARGEST_ID = 2**63 - 1
"""Ids are 64-bit: a cursor naming a larger one was not made by us (and the database would refuse to compare it)."""
FIGURES = ("as_of", "abc_class", "revenue", "revenue_rank", "recency_days", "frequency", "r_score", "f_score",
           "m_score", "segment", "layer", "trend", "open_complaints", "advocate", "cdi", "purchases",
           "first_purchase_on", "last_purchase_on", "p_alive", "expected_purchases", "expected_spend", "clv")
"""The Score columns a customer's figures show."""


def _bad_cursor():
    abort(400, _("The cursor is not valid; use next_cursor from a previous page."))


def encode_cursor(key, score):
    """The cursor after `score` in the order of sort column `key`: its value (money as text) and customer id."""
    value = getattr(score, key)
    plain = str(value) if isinstance(value, Decimal) else value
    return base64.urlsafe_b64encode(json.dumps([plain, score.customer_id]).encode()).decode().rstrip("=")


def decode_cursor(key, cursor):
    """(value, customer id) inside `cursor` for sort column `key`; a 400 for a cursor not made by us."""
    try:
        value, last = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(last, int) or isinstance(last, bool) or abs(last) > LARGEST_ID \
                or (value is None and key not in NULLABLE):
            raise ValueError
        if value is not None and key == "cdi":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError
            value = float(value)
        elif value is not None:  # money, written as text: what the column holds, else the database would refuse it
            if not isinstance(value, str):
                raise ValueError
            value = Decimal(value)
            if value != value.quantize(CENT) or abs(value) > LARGEST:
                raise ValueError
    except (ValueError, TypeError, InvalidOperation, binascii.Error, UnicodeDecodeError):
        _bad_cursor()
    return value, last


def _after(column, value, last, descending):
    """Rows after (value, last) in the order (column, customer id), NULLs last either way."""
    later = Score.customer_id < last if descending else Score.customer_id > last
    if value is None:
        return and_(column.is_(None), later)
    beyond = column < value if descending else column > value
    return or_(beyond, and_(column == value, later), column.is_(None))


def customers_page(user, args):
    """One page of the customers `user` may see with their figures, as ([(customer, score)], next_cursor)."""
    sort = args.get("sort") or "-clv"
    key, descending = sort.lstrip("-"), sort.startswith("-")
    column = COLUMNS[key]
    stmt = (select(Score, Customer).join(Customer, Customer.id == Score.customer_id)
            .where(in_sight(user)).options(selectinload(Customer.owner)))
    for name in ("abc_class", "segment", "layer"):
        if args.get(name):
            stmt = stmt.where(getattr(Score, name) == args[name])
    if args.get("cursor"):
        stmt = stmt.where(_after(column, *decode_cursor(key, args["cursor"]), descending))
    order = column.desc() if descending else column.asc()
    tie = Score.customer_id.desc() if descending else Score.customer_id.asc()
    limit = args.get("limit") or 50
    rows = db.session.execute(stmt.order_by(order.nulls_last(), tie).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = [(customer, score) for score, customer in rows[:limit]]
    return rows, encode_cursor(key, rows[-1][1]) if more else None


def score_of(customer_id):
    """The customer's Score row, or None before a computation included it."""
    return db.session.scalar(select(Score).where(Score.customer_id == customer_id))


def visible_figures(user, customer_id, rules):
    """One customer's figures with its layer's strategy: 404 when `user` may not see it (or it is not there)."""
    customer = visible_customer_or_404(user, customer_id)
    return figures(customer, score_of(customer.id), rules)


def figures(customer, score, rules=None):
    """A customer's figures as the API and pages show them; with the workspace's `rules`, its layer's strategy too."""
    found = {name: getattr(score, name) if score else None for name in FIGURES}
    owner = customer.owner
    found.update(customer_id=customer.id, name=customer.name, computed=score is not None,
                 owner={"id": owner.id, "name": owner.name} if owner else None, currency=workspace_currency(),
                 class_label=str(class_label(found["abc_class"])) if found["abc_class"] else None,
                 segment_label=str(segment_label(found["segment"])) if found["segment"] else None,
                 layer_label=str(layer_label(found["layer"])) if found["layer"] else None)
    if rules is not None:
        found["strategy"] = str(strategy(found["layer"], rules)) if found["layer"] else None
    return found
