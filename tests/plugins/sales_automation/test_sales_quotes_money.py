"""The money arithmetic of quotes: per-line rounding half up to the cent, totals as sums of rounded lines."""
from decimal import Decimal as D

from hypothesis import given, strategies as st

from plugins.sales_automation.quotes.money import line_figures, quote_totals, round_money


def test_half_a_cent_rounds_up_not_to_even():
    assert round_money(D("2.345")) == D("2.35")
    assert round_money(D("2.335")) == D("2.34")
    assert round_money(D("0.005")) == D("0.01")
    assert round_money(D("0.0049999")) == D("0.00")


def test_a_line_rounds_its_net_then_taxes_the_rounded_net():
    # 3 x 3.335 = 10.005 -> 10.01 (half up); 13% of 10.01 = 1.3013 -> 1.30
    figures = line_figures(D("3"), D("3.335"), D("0"), D("13"))
    assert (figures.gross, figures.net, figures.discount, figures.tax, figures.total) == (
        D("10.01"), D("10.01"), D("0.00"), D("1.30"), D("11.31"))


def test_discount_applies_before_rounding_the_net():
    # 1 x 0.10 less 5% = 0.095 -> 0.10 (half up), so the discount rounds to nothing
    figures = line_figures(D("1"), D("0.10"), D("5"), D("0"))
    assert (figures.net, figures.discount) == (D("0.10"), D("0.00"))
    # 7 x 19.99 = 139.93; less 12.5% = 122.43875 -> 122.44; discount 17.49; 6% tax = 7.3464 -> 7.35
    figures = line_figures(D("7"), D("19.99"), D("12.5"), D("6"))
    assert (figures.gross, figures.net, figures.discount, figures.tax, figures.total) == (
        D("139.93"), D("122.44"), D("17.49"), D("7.35"), D("129.79"))


def test_a_full_discount_leaves_nothing_to_tax():
    figures = line_figures(D("4"), D("250"), D("100"), D("13"))
    assert (figures.gross, figures.discount, figures.net, figures.tax, figures.total) == (
        D("1000.00"), D("1000.00"), D("0.00"), D("0.00"), D("0.00"))


def test_zero_tax_and_four_place_quantities():
    figures = line_figures(D("0.3333"), D("3"), D("0"), D("0"))
    assert (figures.net, figures.tax, figures.total) == (D("1.00"), D("0.00"), D("1.00"))


def test_large_amounts_stay_exact():
    figures = line_figures(D("1000000"), D("99999999.9999"), D("0"), D("13"))
    assert figures.net == D("99999999999900.00")
    assert figures.tax == D("12999999999987.00")
    assert figures.total == D("112999999999887.00")


def test_totals_are_sums_of_the_rounded_lines_not_a_rounded_sum():
    # Each line 1 x 0.005 rounds to 0.01: ten lines make 0.10, where the exact sum would round to 0.05.
    lines = [line_figures(D("1"), D("0.005"), D("0"), D("0")) for _ in range(10)]
    totals = quote_totals(lines)
    assert (totals.subtotal, totals.total) == (D("0.10"), D("0.10"))


def test_many_lines_add_up_exactly():
    lines = [line_figures(D(i), D("0.335"), D(i % 7), D("13")) for i in range(1, 301)]
    totals = quote_totals(lines)
    assert totals.subtotal - totals.discount_total + totals.tax_total == totals.total
    assert totals.total == sum(line.total for line in lines)
    assert all(value == value.quantize(D("0.01")) for value in
               (totals.subtotal, totals.discount_total, totals.tax_total, totals.total))


def test_an_empty_quote_totals_zero():
    assert quote_totals([]).total == D("0.00")


@given(quantity=st.decimals("0.0001", "100000", places=4), price=st.decimals("0", "1000000", places=4),
       discount=st.decimals("0", "100", places=2), tax=st.decimals("0", "100", places=2))
def test_every_line_is_cents_and_adds_up(quantity, price, discount, tax):
    figures = line_figures(quantity, price, discount, tax)
    for value in (figures.gross, figures.net, figures.tax, figures.total, figures.discount):
        assert value == value.quantize(D("0.01")) and value >= 0
    assert figures.gross - figures.discount == figures.net
    assert figures.net + figures.tax == figures.total
    assert abs(figures.net - quantity * price * (100 - discount) / 100) <= D("0.005")
