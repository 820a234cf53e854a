"""Shared data of the engine's tests: a small shop computed by hand, and lifetimes' CDNOW sample read as files.

The CDNOW files ship inside the installed `lifetimes` wheel; they are read
here as plain files, lifetimes' code is never imported.
"""
import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

from plugins.customer_insights.engine.history import History

AS_OF = date(2026, 12, 3)
"""The shop's day: its 12-month period is 2025-12-04..2026-12-03, the halves split after 2026-06-03."""

SHOP_ROWS = [
    (1, date(2026, 1, 10), Decimal("100.00")),
    (1, date(2026, 7, 1), Decimal("300.00")),
    (1, date(2026, 11, 30), Decimal("100.00")),
    (2, date(2025, 12, 3), Decimal("999.00")),   # the period's boundary: history, not the period
    (2, date(2025, 12, 4), Decimal("200.00")),   # the period's first day
    (2, date(2026, 12, 3), Decimal("50.00")),    # as_of itself
    (2, date(2026, 12, 4), Decimal("1000.00")),  # after as_of: ignored everywhere
    (3, date(2026, 6, 3), Decimal("150.00")),    # the first half's last day
    (3, date(2026, 6, 4), Decimal("100.00")),    # the second half's first day
    (4, date(2024, 5, 1), Decimal("80.00")),
    (5, date(2026, 11, 20), Decimal("50.00")),
    (7, date(2026, 2, 1), Decimal("80.00")),
]
SHOP_CUSTOMERS = np.array([7, 6, 5, 4, 3, 2, 1])  # customer 6 never bought; given in any order
SHOP_COMPLAINTS = {1: 1, 99: 5}  # 99 is no customer of the shop
SHOP_ADVOCATES = {2, 3}


def shop_history():
    """The shop's purchases, in an order that is not the tie order."""
    return History.from_rows(reversed(SHOP_ROWS))


def cdnow_folder():
    """The folder of lifetimes' datasets inside the installed wheel."""
    return Path(importlib.util.find_spec("lifetimes").submodule_search_locations[0]) / "datasets"


def cdnow_summary(name="cdnow_customers_summary.csv"):
    """A published CDNOW summary file as a numpy record array (columns by header name)."""
    return np.genfromtxt(cdnow_folder() / name, delimiter=",", names=True)


def cdnow_transactions():
    """CDNOW_sample.txt as a History: customer = the sample's id (1..2357), amounts in cents."""
    raw = np.loadtxt(cdnow_folder() / "CDNOW_sample.txt", dtype=str)
    days = np.array([f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in raw[:, 2]], dtype="datetime64[D]")
    cents = np.array([int(Decimal(amount).scaleb(2)) for amount in raw[:, 4]], dtype=np.int64)
    return History(raw[:, 1].astype(np.int64), days, cents)
