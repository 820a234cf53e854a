"""Cells of a purchases file as the API's values: days, amounts and currencies the way spreadsheets write them.

The core reads every cell as text (an Excel date cell arrives as 2026-03-05);
these turn the other ways people write them into what
InsightsPurchaseInputSchema takes, and leave anything unreadable for it (or
the row) to refuse with a message.
"""
import re
import unicodedata
from datetime import date, timedelta
from decimal import Context, Decimal, InvalidOperation

DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# An Excel day number (a date cell saved as General): five digits are the years 1927 to 2173.
EXCEL_SERIAL = re.compile(r"^(\d{5})(\.\d+)?$")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
# Excel keeps 15 significant digits; a formula cell may carry a float's tail beyond them (59.97000000000001).
EXCEL_DIGITS = Context(prec=15)
MONEY_MARKS = re.compile(r"[¥$€£\s]|元$")
# Commas only as thousands separators (1,234.50); 1234,5 is no number here rather than 12345.
THOUSANDS = re.compile(r"^[-(]?\d{1,3}(,\d{3})+(\.\d*)?\)?$")
PLAIN_DIGITS = 40
"""A number whose plain writing would be longer than this many digits (1e999999) is left as typed, for the
schema to refuse: written out it would be a megabyte, and Decimal's context overflows on the way."""
CURRENCY_WORDS = {"RMB": "CNY"}
"""Not ISO codes, but what Chinese spreadsheets write for one."""


def folded(text):
    """`text` with full-width digits and punctuation as ASCII (１２３，４ is 123,4), stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def day_text(text):
    """An ISO day for the schema from 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305 or an Excel day number.

    A time after the day (2026-03-05 10:30) is dropped; anything else is
    returned as it was, for the schema to refuse.
    """
    head = re.split(r"[ T]", folded(text), maxsplit=1)[0]
    serial = EXCEL_SERIAL.match(head)
    if serial:
        return (EXCEL_EPOCH + timedelta(days=int(serial.group(1)))).isoformat()
    found = DAY.match(head) or COMPACT_DAY.match(head)
    if found:
        try:
            return date(*(int(part) for part in found.groups())).isoformat()
        except ValueError:
            return text
    return text


def number_text(text):
    """A number for the schema from ¥1,234.50, 1234.5元, (100.00) or an Excel float's 59.97000000000001.

    Currency marks and thousands separators go; brackets mean minus, as in
    accounts. The text is returned as it was when no number is left.
    """
    plain = MONEY_MARKS.sub("", folded(text))
    if "," in plain:
        if not THOUSANDS.match(plain):
            return text
        plain = plain.replace(",", "")
    if plain.startswith("(") and plain.endswith(")"):
        plain = "-" + plain[1:-1]
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return text
    if not value.is_finite() or not -PLAIN_DIGITS <= value.adjusted() <= PLAIN_DIGITS:
        return text
    if len(value.as_tuple().digits) > EXCEL_DIGITS.prec:
        value = EXCEL_DIGITS.plus(value)
    return format(value.normalize(), "f")


def currency_text(text):
    """A currency code in capitals ("cny" is CNY, RMB is CNY); the schema refuses what is no code."""
    code = folded(text).upper()
    return CURRENCY_WORDS.get(code, code)


def compact_code(text):
    """A Unified Social Credit Code as the core stores it: capitals, no spaces or dashes."""
    return re.sub(r"[\s-]", "", folded(text)).upper() or None
