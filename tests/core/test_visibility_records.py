"""`customer_record_criterion`: who sees records hanging off customers (GUIDE section 4), for the modules' lists.

Activities stand in for a module's records: `customer_id` is the customer they hang
off, `user_id` the person they are routed to (the "own" column).
"""
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import Activity, User
from crm_platform.tenancy import tenant_scope
from crm_platform.visibility import customer_record_criterion
from visibility_support import apply_moves, build_tenant, expected_records, orgs_with_records

WHEN = datetime(2026, 2, 1, 9, tzinfo=timezone.utc)


def _record(customer_id, user_id):
    """An activity on `customer_id` routed to `user_id`; returns its id."""
    activity = Activity(customer_id=customer_id, user_id=user_id, kind="call", occurred_at=WHEN)
    db.session.add(activity)
    db.session.flush()
    return activity.id


def _seen(user, *own_columns):
    """The ids of the activities `user` may see under the criterion."""
    criterion = customer_record_criterion(user, Activity.customer_id, *own_columns)
    return set(db.session.scalars(select(Activity.id).where(criterion)))


def test_each_role_sees_the_records_of_the_customers_it_sees_plus_its_own(world, tenant_session):
    acme = world.acme
    with tenant_session("acme") as session:
        # rep_n1 is routed work on a customer of the south (s1) they may not see; rep_n2 on the admin's house.
        extra = {"s1_by_n1": _record(acme.customers["s1"].id, acme.users["rep_n1"].id),
                 "house_by_n2": _record(acme.customers["house"].id, acme.users["rep_n2"].id)}
        session.commit()
        ids = {key: record.id for key, record in acme.activities.items()} | extra

        def seen_by(user_key, *own_columns):
            """The keys of the records `user_key` sees."""
            seen = _seen(session.get(User, acme.users[user_key].id), *own_columns)
            return {key for key, record_id in ids.items() if record_id in seen}

        assert seen_by("executive", Activity.user_id) == set(ids)
        # The north subtree's customers (north and north-1); rep_n2's house record is not the manager's.
        assert seen_by("manager_north", Activity.user_id) == {"n1_alpha", "n1_beta", "n2", "north_mgr"}
        assert seen_by("manager_south", Activity.user_id) == {"s1", "s1_shared", "s1_by_n1"}
        # Own customers, the one shared with them, and the record routed to them on s1 (not s1's others).
        assert seen_by("rep_n1", Activity.user_id) == {"n1_alpha", "n1_beta", "s1_shared", "s1_by_n1"}
        assert seen_by("rep_n1") == {"n1_alpha", "n1_beta", "s1_shared"}
        assert seen_by("rep_n2", Activity.user_id) == {"n2", "house_by_n2"}


def test_another_workspaces_records_never_match(world, tenant_session):
    with tenant_session("globex") as session:
        executive = session.get(User, world.globex.users["executive"].id)
        assert _seen(executive, Activity.user_id) == {record.id for record in world.globex.activities.values()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=orgs_with_records(unowned=True))
def test_on_random_org_charts_a_record_is_seen_through_its_customer_or_as_its_own(app, example):
    (parents, users, customers, shares, moves), records = example
    final_parents, accepted = apply_moves(parents, moves)
    rules = expected_records(final_parents, users, customers, shares, records)
    with app.app_context():
        tenant_id, user_ids, customer_ids = build_tenant(parents, users, customers, shares, accepted)
        with tenant_scope(tenant_id):
            record_ids = [_record(customer_ids[c], user_ids[u] if u is not None else None) for c, u in records]
            db.session.commit()
            for u, user_id in enumerate(user_ids):
                user = db.session.get(User, user_id)
                assert _seen(user, Activity.user_id) == {record_ids[r] for r in rules[u]}, f"user {u} {users[u]}"
