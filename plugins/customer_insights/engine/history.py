"""Purchases as numpy arrays, the analysis period's days, and exact per-customer sums.

Money stays in int64 cents from the first row to the last sum: per-customer
sums are differences of an int64 running total over purchases sorted by
customer, never float accumulations (docs/insights.md, "Definitions").
"""
import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

_CENT = Decimal("0.01")


class History:
    """One workspace's purchases: `customer` (int64 ids), `day` (datetime64[D]), `cents` (int64), one entry each."""

    def __init__(self, customer, day, cents):
        self.customer = np.asarray(customer, dtype=np.int64)
        self.day = np.asarray(day, dtype="datetime64[D]")
        self.cents = np.asarray(cents, dtype=np.int64)
        if not self.customer.ndim == self.day.ndim == self.cents.ndim == 1:
            raise ValueError("customer, day and cents are one-dimensional arrays")
        if not len(self.customer) == len(self.day) == len(self.cents):
            raise ValueError("customer, day and cents have one entry per purchase each")
        if np.isnat(self.day).any():
            raise ValueError("every purchase has a day")

    @classmethod
    def from_rows(cls, rows):
        """The History of (customer_id, date, Decimal amount) rows; amounts are rounded half up to whole cents."""
        rows = list(rows)
        customer = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        day = np.array([row[1] for row in rows], dtype="datetime64[D]")
        cents = np.fromiter((int(Decimal(row[2]).quantize(_CENT, ROUND_HALF_UP).scaleb(2)) for row in rows),
                            dtype=np.int64, count=len(rows))
        return cls(customer, day, cents)

    def __len__(self):
        return len(self.customer)

    def until(self, as_of):
        """The purchases on or before `as_of`: what an analysis as of that day may know."""
        keep = self.day <= np.datetime64(as_of, "D")
        return History(self.customer[keep], self.day[keep], self.cents[keep])

    def by_customer(self, customers):
        """These purchases grouped by the customers of `customers` (purchases of other ids are left out)."""
        return ByCustomer(self, customers)


class ByCustomer:
    """Purchases sorted by customer then day, with their customers' ranges for exact vectorised sums.

    `customers` is the ascending array of every customer id; `position[k]` is
    the index in it of the k-th sorted purchase; customer i's purchases are
    `starts[i]:ends[i]`. `unknown` counts purchases of ids not in `customers`.
    """

    def __init__(self, history, customers):
        self.customers = np.unique(np.asarray(customers, dtype=np.int64))
        position = np.searchsorted(self.customers, history.customer)
        known = position < len(self.customers)
        known[known] = self.customers[position[known]] == history.customer[known]
        self.unknown = int(len(history) - known.sum())
        position, day, cents = position[known], history.day[known], history.cents[known]
        order = np.lexsort((day, position))
        self.position, self.day, self.cents = position[order], day[order], cents[order]
        every = np.arange(len(self.customers))
        self.starts = np.searchsorted(self.position, every, "left")
        self.ends = np.searchsorted(self.position, every, "right")
        self.purchases = self.ends - self.starts
        self.bought = self.purchases > 0

    def sum(self, values):
        """Per customer, the int64 sum of `values` (one per sorted purchase; booleans count)."""
        running = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(values, dtype=np.int64, out=running[1:])
        return running[self.ends] - running[self.starts]

    def first_day(self):
        """Per customer, the day of the first purchase (NaT for those who never bought)."""
        return self._day_at(self.starts)

    def last_day(self):
        """Per customer, the day of the last purchase (NaT for those who never bought)."""
        return self._day_at(self.ends - 1)

    def _day_at(self, index):
        """The days at sorted purchase `index` of the customers who bought, NaT for the others."""
        days = np.full(len(self.customers), np.datetime64("NaT"), dtype="datetime64[D]")
        days[self.bought] = self.day[index[self.bought]]
        return days

    def new_day(self):
        """Per sorted purchase, whether it is its customer's first purchase of that day (distinct purchase days)."""
        fresh = np.ones(len(self.day), dtype=bool)
        fresh[1:] = (self.position[1:] != self.position[:-1]) | (self.day[1:] != self.day[:-1])
        return fresh


def months_before(day, months):
    """The same day `months` calendar months earlier, clamped to the month's end (31 March - 1 month = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Period:
    """The analysis period (after `boundary`, up to `as_of`, both as days) and its two halves split at `mid`."""

    def __init__(self, as_of, months):
        self.as_of = as_of
        self.boundary = months_before(as_of, months)
        self.start = self.boundary + timedelta(days=1)
        # The first half is (boundary, mid], the second (mid, as_of]; an odd day count gives the second half one more.
        self.mid = self.boundary + timedelta(days=(as_of - self.boundary).days // 2)

    def masks(self, day):
        """(in the period, in its first half, in its second half) for the datetime64[D] days `day`."""
        boundary, mid, end = (np.datetime64(value, "D") for value in (self.boundary, self.mid, self.as_of))
        first = (day > boundary) & (day <= mid)
        second = (day > mid) & (day <= end)
        return first | second, first, second

    def to_json(self):
        """The period's days as ISO strings: first day, last day of the first half, last day."""
        return {"start": self.start.isoformat(), "mid": self.mid.isoformat(), "end": self.as_of.isoformat()}
