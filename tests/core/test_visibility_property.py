"""Property: on random org charts, "may see" and "is listed" agree with each other and with the rules.

Each example builds a fresh tenant (so examples share the app but never data):
a random unit tree, possibly re-shaped by unit moves, users with random roles,
units and active flags, customers with random owners and names, and shares.
For every user, `can_see_customer`, the full keyset-paginated list, the count
and search must agree with an independent model of the rules (GUIDE section 4).
The "manage" level too: `can_manage_customer` agrees with the customers the
manage criterion selects and with the model (the same rules without shares),
and every customer a user may manage is one they may see.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from crm_platform.customers.queries import count_customers, customer_page
from crm_platform.extensions import db
from crm_platform.identity.pinyin import name_initials, name_pinyin, query_pinyin
from crm_platform.models import Customer, User
from crm_platform.tenancy import tenant_scope
from crm_platform.visibility import can_manage_customer, can_see_customer, customer_manage_criterion
from visibility_support import NAME_CHARS, apply_moves, build_tenant, expected_visible, orgs

SORTS = ["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"]


def _matches(name, query):
    """The search box's rule for a name: a case-blind substring, or the query's pinyin within the name's keys.

    The pinyin keys keep letters and digits only, so "AA" finds "A\\A" (docs/search.md).
    """
    pinyin = query_pinyin(query.strip())
    return query.strip().lower() in name.lower() or bool(pinyin) and (
        pinyin in (name_pinyin(name) or "") or pinyin in (name_initials(name) or ""))


def _all_pages(user, args):
    ids, cursor = [], None
    while True:
        rows, cursor = customer_page(user, {**args, "limit": 3, "cursor": cursor})
        ids += [row.id for row in rows]
        if cursor is None:
            return ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(org=orgs(), sort=st.sampled_from(SORTS), query=st.text(NAME_CHARS, min_size=1, max_size=2))
def test_may_see_equals_listed_equals_the_rules(app, org, sort, query):
    parents, users, customers, shares, moves = org
    final_parents, accepted = apply_moves(parents, moves)
    expected = expected_visible(final_parents, users, customers, shares)
    manageable = expected_visible(final_parents, users, customers, set())
    with app.app_context():
        tenant_id, user_ids, customer_ids = build_tenant(parents, users, customers, shares, accepted)
        with tenant_scope(tenant_id):
            for u, user_id in enumerate(user_ids):
                user = db.session.get(User, user_id)
                listed = _all_pages(user, {"sort": sort})
                assert len(listed) == len(set(listed)), "a row appeared on two pages"
                assert set(listed) == {customer_ids[c] for c in expected[u]}, f"user {u} {users[u]}"
                managed = set(db.session.scalars(select(Customer.id).where(customer_manage_criterion(user))))
                assert managed == {customer_ids[c] for c in manageable[u]}, f"user {u} {users[u]} manages"
                assert managed <= set(listed), "a user manages a customer they may not see"
                for c, customer_id in enumerate(customer_ids):
                    assert can_see_customer(user, customer_id) == (c in expected[u])
                    assert can_manage_customer(user, customer_id) == (customer_id in managed)
                assert count_customers(user, {}) == len(listed)
                found = set(_all_pages(user, {"sort": sort, "q": query}))
                matching = {customer_ids[c] for c in expected[u] if _matches(customers[c][1], query)}
                assert found <= set(listed)
                if query.strip():
                    assert found == matching, f"search {query!r}"
