"""The money arithmetic of quotes: exact `Decimal` figures per line and the quote's totals, never floats.

Rounding rule: each line is rounded on its own, half up to the cent (0.01):
net = quantity x unit price x (1 - discount% / 100), rounded; tax = net x tax rate / 100,
rounded; line total = net + tax. The quote's subtotal (before discount), discount,
tax and total are sums of those rounded line figures, so the printed lines always
add up to the printed totals, cent for cent.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_AMOUNT = Decimal(10) ** 14
"""The largest amount a line or document may reach (money columns hold up to about 9.2 x 10^16)."""


def round_money(value):
    """`value` rounded half up to the cent (2.345 -> 2.35, -2.345 -> -2.35)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineFigures:
    """One line's rounded figures: gross (before discount), discount, net, tax and total."""

    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class QuoteTotals:
    """A quote's totals: sums of its lines' rounded figures."""

    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal


def line_figures(quantity, unit_price, discount_percent=Decimal(0), tax_rate=Decimal(0)):
    """The rounded figures of a line of `quantity` at `unit_price`, less `discount_percent`, plus `tax_rate` %."""
    quantity, unit_price = Decimal(quantity), Decimal(unit_price)
    discount_percent, tax_rate = Decimal(discount_percent), Decimal(tax_rate)
    gross = round_money(quantity * unit_price)
    net = round_money(quantity * unit_price * (HUNDRED - discount_percent) / HUNDRED)
    tax = round_money(net * tax_rate / HUNDRED)
    return LineFigures(gross=gross, discount=gross - net, net=net, tax=tax, total=net + tax)


def quote_totals(figures):
    """The totals of a quote whose lines have these LineFigures."""
    figures = list(figures)
    zero = Decimal("0.00")
    return QuoteTotals(subtotal=sum((f.gross for f in figures), zero),
                       discount_total=sum((f.discount for f in figures), zero),
                       tax_total=sum((f.tax for f in figures), zero),
                       total=sum((f.total for f in figures), zero))
