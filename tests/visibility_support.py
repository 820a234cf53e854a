"""Random org charts for visibility property tests (the core's and the modules'): build them and model the rules."""
import uuid

from hypothesis import strategies as st

from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerShare, OrgUnit, Tenant, User
from crm_platform.org.service import update_unit
from crm_platform.roles import get_role
from crm_platform.tenancy import tenant_scope

ROLES = ["admin", "executive", "manager", "rep", "unregistered"]
NAME_CHARS = "abAB %_/\\"


@st.composite
def orgs(draw):
    """A random org chart with users, customers, shares and unit moves (all as indexes)."""
    n_units = draw(st.integers(1, 6))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n_units)]
    users = draw(st.lists(st.tuples(st.sampled_from(ROLES), st.none() | st.integers(0, n_units - 1),
                                    st.booleans() | st.just(True)), min_size=1, max_size=6))
    customers = draw(st.lists(st.tuples(st.none() | st.integers(0, len(users) - 1),
                                        st.text(NAME_CHARS, min_size=1, max_size=4)), max_size=12))
    shares = draw(st.sets(st.tuples(st.integers(0, max(len(customers) - 1, 0)), st.integers(0, len(users) - 1)),
                          max_size=6)) if customers else set()
    moves = draw(st.lists(st.tuples(st.integers(0, n_units - 1), st.none() | st.integers(0, n_units - 1)),
                          max_size=3))
    return parents, users, customers, shares, moves


@st.composite
def orgs_with_records(draw, unowned=False):
    """A random org chart, and records hanging off its customers as (customer index, owner index).

    With `unowned`, a record may have no owner (None): a module's record nobody is routed to.
    """
    org = draw(orgs())
    n_users, n_customers = len(org[1]), len(org[2])
    if not n_customers:
        return org, []
    owners = st.integers(0, n_users - 1)
    records = draw(st.lists(st.tuples(st.integers(0, n_customers - 1), st.none() | owners if unowned else owners),
                            max_size=8))
    return org, records


def expected_records(parents, users, customers, shares, records):
    """The rules for records on customers: {user index: indexes of the records seen through the customer or owned}."""
    seen = expected_visible(parents, users, customers, shares)
    return {u: {r for r, (c, owner) in enumerate(records) if c in visible or owner == u} for u, visible in seen.items()}


def apply_moves(parents, moves):
    """The tree after the moves the service accepts (a unit never moves below itself)."""
    parents, accepted = list(parents), []
    for unit, new_parent in moves:
        if new_parent is not None and unit in ancestors_or_self(parents, new_parent):
            continue
        parents[unit] = new_parent
        accepted.append((unit, new_parent))
    return parents, accepted


def ancestors_or_self(parents, unit):
    chain = []
    while unit is not None:
        chain.append(unit)
        unit = parents[unit]
    return chain


def expected_visible(parents, users, customers, shares):
    """The rules, independently of the SQL: {user index: set of customer indexes}.

    With no shares, the same rules give the customers each user may manage.
    """
    seen = {}
    for u, (role, unit, active) in enumerate(users):
        scope = get_role(role).scope if get_role(role) and active else None
        visible = set()
        for c, (owner, _) in enumerate(customers):
            mine = owner == u or (c, u) in shares
            owner_unit = users[owner][1] if owner is not None else None
            in_subtree = unit is not None and owner_unit is not None and unit in ancestors_or_self(parents, owner_unit)
            if scope == "all" or (scope in ("unit", "own") and mine) or (scope == "unit" and in_subtree):
                visible.add(c)
        seen[u] = visible
    return seen


def build_tenant(parents, users, customers, shares, accepted_moves):
    """Create the example's tenant; returns (user rows, customer ids)."""
    tenant = Tenant(name="Property", slug=f"prop-{uuid.uuid4().hex[:12]}", settings={})
    db.session.add(tenant)
    db.session.flush()
    with tenant_scope(tenant.id):
        units = []
        for i, parent in enumerate(parents):
            unit = OrgUnit(name=f"U{i}", kind="team", parent_id=units[parent].id if parent is not None else None)
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{units[parent].path if parent is not None else '/'}{unit.id}/"
            units.append(unit)
        user_rows = [User(name=f"User {i}", email=f"u{i}@example.test", password_hash="unused", role=role,
                          org_unit_id=units[unit].id if unit is not None else None, active=active)
                     for i, (role, unit, active) in enumerate(users)]
        db.session.add_all(user_rows)
        db.session.flush()
        customer_rows = [Customer(name=name, owner_id=user_rows[owner].id if owner is not None else None)
                         for owner, name in customers]
        db.session.add_all(customer_rows)
        db.session.flush()
        db.session.add_all(CustomerShare(customer_id=customer_rows[c].id, user_id=user_rows[u].id) for c, u in shares)
        db.session.commit()
        for unit, new_parent in accepted_moves:
            update_unit(units[unit], {"parent_id": units[new_parent].id if new_parent is not None else None})
        return tenant.id, [u.id for u in user_rows], [c.id for c in customer_rows]
