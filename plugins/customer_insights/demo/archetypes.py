"""Who buys how in the demo: eight kinds of buying behaviour, and which customer gets which.

Each archetype is a pattern of purchases over the last three years, meant to
land its customers in one layer of the pyramid under the default rules today
(docs/insights.md, the demo): `onlooker` never bought, `lost` stopped more
than a year ago, `leaving` bought steadily and stopped five to ten months ago,
buying less before it, `new` first bought in the last weeks, `inactive` buys
now and then (from other suppliers the rest of the time), `regular` orders
small amounts every few weeks, `core` orders large amounts often, `advocate`
is core-like and recommends us. `rising` is the story between months: a
customer who first bought three to seven months ago and has bought monthly
since, new in the older snapshots and a regular now; `leaving` and `lost`
likewise move down the pyramid from one month's snapshot to the next.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Archetype:
    """A kind of buying behaviour: how many of the customers, who they tend to be, and how they buy.

    Days are counted back from today: the first purchase between `start` days
    ago, the last no later than `stop` days ago (0: up to today), one order
    every `every` days on average; a customer's typical order is lognormal
    around `order` yuan with `spread`, each order around it with `jitter`.
    """

    name: str
    share: float
    statuses: dict
    start: tuple = (0, 0)
    stop: tuple = (0, 0)
    every: tuple = (30, 30)
    order: float = 0
    spread: float = 0.7
    jitter: float = 0.35


ARCHETYPES = (
    Archetype("onlooker", 0.17, {"following": 8, "terminated": 2, "signed": 0.3}),
    Archetype("lost", 0.15, {"terminated": 6, "following": 2, "signed": 1},
              start=(700, 1095), stop=(380, 900), every=(25, 60), order=2_500, spread=0.8),
    Archetype("leaving", 0.15, {"signed": 3, "terminated": 3, "following": 2},
              start=(450, 1095), stop=(60, 320), every=(18, 40), order=4_000, spread=0.8),
    Archetype("new", 0.07, {"following": 5, "signed": 3}, start=(3, 80), every=(20, 40), order=3_000, spread=0.9),
    Archetype("rising", 0.05, {"signed": 4, "following": 3}, start=(100, 210), every=(18, 32), order=2_500,
              spread=0.6),
    Archetype("inactive", 0.12, {"signed": 3, "following": 3}, start=(400, 1095), stop=(0, 25), every=(110, 190),
              order=6_000, spread=0.6, jitter=0.15),
    Archetype("regular", 0.14, {"signed": 5, "following": 2}, start=(400, 1095), every=(20, 35), order=1_200,
              spread=0.5),
    Archetype("core", 0.10, {"signed": 8, "following": 1}, start=(500, 1095), every=(7, 16), order=22_000,
              spread=0.8),
    Archetype("advocate", 0.05, {"signed": 8, "following": 1}, start=(500, 1095), every=(9, 20), order=15_000,
              spread=0.8),
)
BY_NAME = {archetype.name: archetype for archetype in ARCHETYPES}
MINIMUM = 3
"""Each archetype gets at least this many customers when there are enough customers for all of them."""


def quotas(count):
    """{archetype name: how many of `count` customers}, by share (largest remainders), each at least MINIMUM."""
    floor = MINIMUM if count >= MINIMUM * len(ARCHETYPES) else 0
    exact = {a.name: a.share * count for a in ARCHETYPES}
    sized = {name: max(floor, int(value)) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: (int(exact[name]) - exact[name], name))
    turn = 0
    while sum(sized.values()) != count:
        name = by_remainder[turn % len(by_remainder)]
        step = 1 if sum(sized.values()) < count else -1
        if step > 0 or sized[name] > floor:
            sized[name] += step
        turn += 1
    return sized


def assign(rng, customers):
    """{customer id: archetype name} for `customers`, a list of (id, status) in a fixed order.

    Every archetype gets its quota; each customer, taken in a shuffled order, draws
    among the archetypes with room left, weighted by how well its status fits
    (an onlooker is rarely a signed customer, a core customer rarely a prospect).
    """
    left = quotas(len(customers))
    order = list(customers)
    rng.shuffle(order)
    picked = {}
    for customer_id, status in order:
        names = [name for name, room in left.items() if room > 0]
        weights = [BY_NAME[name].statuses.get(status, 0.2) for name in names]
        name = rng.choices(names, weights=weights)[0]
        left[name] -= 1
        picked[customer_id] = name
    return picked
