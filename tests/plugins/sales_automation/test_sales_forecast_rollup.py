"""Roll-up sums along random org trees equal the sums of the visible leaves: the pure function and forecast()."""
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select

from crm_platform.sdk import OrgUnit, User, db

from plugins.sales_automation.forecast.rollup import roll_up
from plugins.sales_automation.forecast.service import forecast
from plugins.sales_automation.models import Opportunity, StageStay
from tests.plugins.sales_automation.sales_forecast_kit import add_deal

FEB = date(2026, 2, 1)


@st.composite
def trees(draw, max_units=12):
    """(units [(id, parent_id)], figures {unit id: amount}): each unit's parent is an earlier one (or none)."""
    count = draw(st.integers(min_value=1, max_value=max_units))
    ids = draw(st.lists(st.integers(min_value=1, max_value=10**6), min_size=count, max_size=count, unique=True))
    units = [(unit_id, draw(st.sampled_from([None] + ids[:index])) if index else None)
             for index, unit_id in enumerate(ids)]
    amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
    figures = draw(st.dictionaries(st.sampled_from(ids), amounts, max_size=count))
    return units, figures


def subtree(units, root):
    """The ids of `root` and every unit below it."""
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for unit_id, parent_id in units:
            if parent_id == parent and unit_id not in found:
                found.add(unit_id)
                frontier.append(unit_id)
    return found


@given(trees())
def test_a_subtotal_is_the_sum_of_the_leaves_below(tree):
    units, figures = tree
    subtotals = roll_up(units, figures)
    assert set(subtotals) == {unit_id for unit_id, _ in units}
    for unit_id, _ in units:
        assert subtotals[unit_id] == sum((figures.get(u, 0) for u in subtree(units, unit_id)), Decimal(0))
    roots = [unit_id for unit_id, parent_id in units if parent_id is None]
    assert sum((subtotals[r] for r in roots), Decimal(0)) == sum(figures.values(), Decimal(0))


@given(trees(), st.data())
def test_a_visible_part_of_the_tree_rolls_up_alone_and_overrides_replace_a_subtree(tree, data):
    units, figures = tree
    root = data.draw(st.sampled_from([unit_id for unit_id, _ in units]))
    seen = [(u, p) for u, p in units if u in subtree(units, root)]
    subtotals = roll_up(seen, figures)
    assert subtotals[root] == sum((figures.get(u, 0) for u, _ in seen), Decimal(0))
    overridden = data.draw(st.sampled_from([u for u, _ in seen]))
    replaced = roll_up(seen, figures, {overridden: Decimal("7.00")})
    assert replaced[root] == subtotals[root] - subtotals[overridden] + Decimal("7.00")


def random_tree(tw, parents, placements):
    """Replace acme's org units below the company by new ones (parents by index) and place the people in them."""
    company = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
    made = [company]
    for index, parent in enumerate(parents):
        unit = OrgUnit(name=f"Unit {index:02d}", kind="team", parent_id=made[parent].id)
        db.session.add(unit)
        db.session.flush()
        unit.path = f"{made[parent].path}{unit.id}/"
        made.append(unit)
    for key, place in placements.items():
        db.session.get(User, tw.users[key].id).org_unit_id = made[place % len(made)].id
    db.session.flush()
    return made


REPS = ("rep_n1", "rep_n2", "rep_s1", "manager_north", "manager_south")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parents=st.lists(st.integers(min_value=0, max_value=6), max_size=6).map(
           lambda raw: [min(p, i) for i, p in enumerate(raw)]),
       placements=st.fixed_dictionaries({key: st.integers(min_value=0, max_value=6) for key in REPS}),
       deals=st.lists(st.tuples(st.sampled_from(REPS), st.integers(min_value=0, max_value=50000),
                                st.sampled_from(["commit", "best_case", "pipeline"]),
                                st.integers(min_value=0, max_value=100)), max_size=8))
def test_forecast_subtotals_on_a_real_database_equal_the_people_below(sales, tenant_session, parents, placements,
                                                                       deals):
    tw = sales.acme
    with tenant_session("acme"):
        made = random_tree(tw, parents, placements)
        for owner, amount, category, probability in deals:
            add_deal(tw, owner, f"{amount}.00", date(2026, 2, 14), category, probability=probability)
        expected = {}
        for owner, amount, category, probability in deals:
            expected[owner] = expected.get(owner, Decimal(0)) + (Decimal(amount) * probability / 100).quantize(
                Decimal("0.01"))
        executive = db.session.get(User, tw.users["executive"].id)
        view = forecast(executive, FEB, FEB)
        people = {row["id"]: row["cells"][0]["weighted"] for row in view["rows"] if row["kind"] == "user"}
        pairs = [(unit.id, unit.parent_id) for unit in made]
        places = {user.id: user.org_unit_id for user in db.session.scalars(select(User))}
        for row in view["rows"]:
            below = subtree(pairs, row["id"]) if row["kind"] == "unit" else None
            if below is not None:
                assert row["cells"][0]["weighted"] == sum((w for uid, w in people.items() if places[uid] in below),
                                                          Decimal(0))
        assert view["totals"][0]["weighted"] == sum(people.values(), Decimal(0))
        for owner in REPS:
            # Summed per category, then added: at most a cent per category apart from the per-deal sum.
            assert abs(people[tw.users[owner].id] - expected.get(owner, Decimal(0))) <= Decimal("0.03")
        db.session.rollback()
        db.session.execute(delete(StageStay))
        db.session.execute(delete(Opportunity))
        db.session.commit()
