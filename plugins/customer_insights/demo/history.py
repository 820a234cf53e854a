"""The demo's purchase history and referrals, drawn from each customer's archetype (archetypes.py).

Pure: customer ids, today and a seeded random.Random in, rows out, so the same
seed gives the same history (and the tests can check it without a database).
Amounts are heavy-tailed twice over, a lognormal typical order per customer
and a lognormal jitter per order, so a few customers carry most of the revenue.
"""
import math
from datetime import timedelta
from decimal import Decimal

from plugins.customer_insights.demo.archetypes import BY_NAME

CENT = Decimal("0.01")
STEADY = ("inactive", "regular", "core", "advocate", "rising")
"""Archetypes that must not look like they are fading: their last half year buys at least as much as the one before."""
HALF_YEAR = 182


def purchase_days(rng, archetype, today):
    """The days `archetype`'s customer bought on, oldest first (empty for an onlooker)."""
    if not archetype.order:
        return []
    if archetype.name == "new":  # one or two orders in the last weeks
        first = today - timedelta(days=rng.randint(*archetype.start))
        days = [first]
        if rng.random() < 0.5 and (today - first).days > 10:
            days.append(first + timedelta(days=rng.randint(10, (today - first).days)))
        return days
    if archetype.name == "inactive":  # counted back from a recent order: they come back now and then
        last, start = rng.randint(*archetype.stop), rng.randint(*archetype.start)
        ago, days = last, []
        while ago <= start:
            days.append(today - timedelta(days=ago))
            ago += _gap(rng, archetype)
        return days[::-1]
    start = rng.randint(*archetype.start)
    stop = rng.randint(archetype.stop[0], max(archetype.stop[0], min(archetype.stop[1], start - 60)))
    ago, days = start, []
    while ago >= stop:
        days.append(today - timedelta(days=ago))
        ago -= _gap(rng, archetype)
    return days


def _gap(rng, archetype):
    """Days to the next order: around the archetype's rhythm, never the same day."""
    return max(1, round(rng.uniform(*archetype.every) * rng.uniform(0.6, 1.4)))


def order_amounts(rng, archetype, days, today):
    """One amount in yuan (float, before pricing) per day of `days`."""
    typical = archetype.order * math.exp(rng.gauss(0, archetype.spread))
    amounts = [typical * math.exp(rng.gauss(0, archetype.jitter)) for _ in days]
    if archetype.name == "leaving":  # buying less in the months before they stop
        last = days[-1]
        amounts = [a * (0.4 if (last - day).days < 120 else 1) for a, day in zip(amounts, days)]
    if archetype.name in STEADY and days:
        recent = sum(a for a, day in zip(amounts, days) if (today - day).days < HALF_YEAR)
        before = sum(a for a, day in zip(amounts, days) if HALF_YEAR <= (today - day).days < 2 * HALF_YEAR)
        if recent < before:  # chance made a steady buyer look like one fading: its last order makes up for it
            amounts[-1] += before - recent
    return amounts


def priced(rng, products, amount):
    """(product, quantity, amount as Decimal) of an order worth about `amount` yuan.

    A product cheap enough to buy at least two of, at its list price less a
    negotiated discount; the quantity makes the amount, so it is whole units.
    """
    fitting = [product for product in products if product[1] * 2 <= amount] or [min(products, key=lambda p: p[1])]
    name, price = rng.choice(fitting)
    unit = (Decimal(price) * Decimal(rng.randint(88, 102)) / 100).quantize(CENT)
    quantity = max(1, round(amount / float(unit)))
    return name, Decimal(quantity), (unit * quantity).quantize(CENT)


def customer_purchases(rng, archetype_name, today, texts):
    """[(day, product, quantity, amount)] of one customer of `archetype_name`, oldest first."""
    archetype = BY_NAME[archetype_name]
    days = purchase_days(rng, archetype, today)
    amounts = order_amounts(rng, archetype, days, today)
    return [(day, *priced(rng, texts.products, amount)) for day, amount in zip(days, amounts)]


def number_orders(purchases, prefix="SO"):
    """Order numbers for `purchases` [(customer id, day, ...)]: SO-<year>-<five digits>, counted per year by day."""
    order = sorted(range(len(purchases)), key=lambda i: (purchases[i][1], i))
    numbers, counters = [None] * len(purchases), {}
    for i in order:
        year = purchases[i][1].year
        counters[year] = counters.get(year, 0) + 1
        numbers[i] = f"{prefix}-{year}-{counters[year]:05d}"
    return numbers


def referrals(rng, archetypes, first_days, today, texts):
    """[(customer id, referred customer id or None, referred name or None, day, note)].

    Each advocate recommended us one to three times in the last eleven months;
    some of them brought in one of today's new customers (a few days before its
    first order). A few core and lost customers recommended us years ago: outside
    the advocate window, so they are not advocates for it.
    """
    rows = []
    newcomers = [cid for cid, name in archetypes.items() if name == "new"]
    rng.shuffle(newcomers)
    for customer_id, name in archetypes.items():
        if name == "advocate":
            if newcomers and rng.random() < 0.5:
                referred = newcomers.pop()
                day = max(first_days[referred] - timedelta(days=rng.randint(3, 20)), today - timedelta(days=330))
                rows.append((customer_id, referred, None, day, texts.referred_customer_note))
            for _ in range(rng.randint(1, 2)):
                rows.append((customer_id, None, rng.choice(texts.referred), today - timedelta(days=rng.randint(5, 330)),
                             rng.choice(texts.referral_notes)))
        elif name in ("core", "lost") and rng.random() < 0.1:
            rows.append((customer_id, None, rng.choice(texts.referred), today - timedelta(days=rng.randint(420, 900)),
                         rng.choice(texts.referral_notes)))
    return rows
