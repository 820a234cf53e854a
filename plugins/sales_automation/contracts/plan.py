"""Payment plans: instalments that add up exactly to the contract amount, and the equal-split helper."""
import calendar
from datetime import date
from decimal import ROUND_DOWN, Decimal

from crm_platform.sdk import format_money, gettext as _

from plugins.sales_automation.quotes.money import CENT


class PlanError(ValueError):
    """A payment plan the rules refuse (it does not add up, it changes paid instalments): a 422 with this message."""


def add_months(day, months):
    """`day` moved by `months` calendar months, kept within the month (31 January + 1 month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def split_equal(amount, count, every_months, first_due):
    """`amount` as `count` equal instalments [(due date, amount)], `every_months` apart from `first_due`.

    Each is the amount divided by `count`, cut down to the cent; the remainder
    cents go on the last one, so the plan adds up exactly (100.00 in 3: 33.33, 33.33, 33.34).
    """
    amount = Decimal(amount)
    if count < 1 or amount < CENT * count:
        raise PlanError(_("%(amount)s cannot be split into %(count)d instalments of at least 0.01.",
                          amount=amount, count=count))
    share = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    amounts = [share] * (count - 1) + [amount - share * (count - 1)]
    return [(add_months(first_due, every_months * index), part) for index, part in enumerate(amounts)]


def check_adds_up(amount, amounts, currency=None):
    """Refuse a plan with no instalment, or whose `amounts` do not add up exactly to the contract `amount`."""
    amounts = [Decimal(a) for a in amounts]
    if not amounts:
        raise PlanError(_("A contract needs at least one instalment."))
    total = sum(amounts, Decimal("0.00"))
    difference = total - Decimal(amount)
    if difference < 0:
        raise PlanError(_("The instalments add up to %(total)s, %(difference)s less than the contract amount "
                          "%(amount)s.", total=format_money(total, currency), difference=format_money(-difference,
                                                                                                      currency),
                          amount=format_money(amount, currency)))
    if difference > 0:
        raise PlanError(_("The instalments add up to %(total)s, %(difference)s more than the contract amount "
                          "%(amount)s.", total=format_money(total, currency), difference=format_money(difference,
                                                                                                      currency),
                          amount=format_money(amount, currency)))
