"""What a computation reads: purchases as numpy arrays in one streamed query, customers, complaints, advocates.

One computation may read a million purchases, so nothing here builds a Python
object per purchase beyond the driver's row tuple: the amount is read as the
stored integer count of cents (ExactDecimal keeps money as a scaled integer,
so no Decimal is made per row) and the day as the driver gives it (SQLite's
stored ISO text, PostgreSQL's date), turned into numpy arrays a batch at a time.
"""
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy import BigInteger, String, func, select, type_coerce

from crm_platform.sdk import Customer, ask_plugins, workspace_timezone

from plugins.customer_insights.engine.history import History
from plugins.customer_insights.models import Purchase, Referral

BATCH = 50_000
"""Purchase rows fetched per round trip: large enough to be fast, small enough to keep memory flat."""

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _days(values):
    """A batch of days as datetime64[D]: ISO texts parse in numpy, dates go through their ordinal."""
    if values and isinstance(values[0], str):
        return np.array(values, dtype="datetime64[D]")
    ordinals = np.fromiter(map(date.toordinal, values), dtype=np.int64, count=len(values))
    return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")


def purchase_history(session, as_of, currency, progress=None):
    """(History of the purchases in `currency` up to `as_of`, how many in other currencies), in one streamed query.

    `progress(rows)` is called after each batch with the rows read so far.
    Purchases in other currencies are read as a mark only and left out: a
    second query for their currencies would read the table again.
    """
    # type_coerce, not cast: the SQL reads the columns as they are; only the Python-side
    # conversion changes (raw cents instead of a Decimal, the day as the driver gives it).
    stmt = (select(Purchase.customer_id, type_coerce(Purchase.purchased_on, String),
                   type_coerce(Purchase.amount, BigInteger), Purchase.currency == currency)
            .where(Purchase.purchased_on <= as_of)
            .execution_options(yield_per=BATCH))
    customers, days, cents = [], [], []
    read = other = 0
    for rows in session.execute(stmt).partitions():
        ids, on, amounts, ours = zip(*rows)
        keep = np.fromiter(ours, dtype=bool, count=len(rows))
        customers.append(np.fromiter(ids, dtype=np.int64, count=len(rows))[keep])
        days.append(_days(on)[keep])
        cents.append(np.fromiter(amounts, dtype=np.int64, count=len(rows))[keep])
        read += len(rows)
        other += len(rows) - int(keep.sum())
        if progress is not None:
            progress(read)
    if not read:
        return History(np.empty(0, np.int64), np.empty(0, "datetime64[D]"), np.empty(0, np.int64)), 0
    return History(np.concatenate(customers), np.concatenate(days), np.concatenate(cents)), other


def purchase_count(session, as_of):
    """How many purchases (any currency) `purchase_history` will read: the progress bar's total (an index count)."""
    return session.scalar(select(func.count()).select_from(Purchase).where(Purchase.purchased_on <= as_of))


def other_currencies(session, as_of, currency):
    """{currency: number of purchases} up to `as_of` in currencies other than the workspace's: left out."""
    rows = session.execute(select(Purchase.currency, func.count())
                           .where(Purchase.currency != currency, Purchase.purchased_on <= as_of)
                           .group_by(Purchase.currency).order_by(Purchase.currency))
    return {code: count for code, count in rows}


def first_purchase_day(session):
    """The day of the workspace's first purchase (any currency), or None."""
    return session.scalar(select(func.min(Purchase.purchased_on)))


def customer_ids(session, as_of=None, history=None):
    """Ids of the workspace's customers as a sorted int64 array.

    With `as_of` (a past month's snapshot), only those that were there by the end
    of that day: created by then, or with a purchase in `history` by then (a
    customer imported today with years of purchases counts in those years).
    """
    stmt = select(Customer.id)
    if as_of is not None:
        next_day = datetime.combine(as_of + timedelta(days=1), time(0), workspace_timezone())
        stmt = stmt.where(Customer.created_at < next_day)
    ids = np.fromiter(session.scalars(stmt), dtype=np.int64)
    if history is not None and as_of is not None:
        ids = np.union1d(ids, history.customer)
    return np.unique(ids)


def open_complaints():
    """{customer id: open complaints} from the modules that answer `service_support_open_complaints` ({} if none)."""
    merged = {}
    for answer in ask_plugins("service_support_open_complaints"):
        for customer_id, count in (answer or {}).items():
            merged[int(customer_id)] = merged.get(int(customer_id), 0) + int(count)
    return merged


def advocates(session, as_of, within_days):
    """Ids of the customers with a referral from `within_days` days before `as_of` up to `as_of`, both included."""
    return set(session.scalars(select(Referral.customer_id).distinct().where(
        Referral.referred_on >= as_of - timedelta(days=within_days), Referral.referred_on <= as_of)))
