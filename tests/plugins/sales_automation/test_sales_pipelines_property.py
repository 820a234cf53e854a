"""Property: on random org charts, an opportunity is on a user's board, list and API exactly when it should be.

It reuses the core's random org charts (tests/test_visibility_property.py: units,
users with random roles and units, customers, shares) and adds opportunities with
random customers, owners and stages. For every user, the board (each column's
count and every card page), the list view, the API's list and `opportunity_or_404`
must all agree with `opportunity_criterion` and with the rules written
independently: through the customer (GUIDE section 4), or as the owner.
"""
from decimal import Decimal

import visibility_support as core_property
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from crm_platform.auth.api import issue_token
from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.modules.state import set_module
from crm_platform.tenancy import tenant_scope

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines import board, service


@st.composite
def orgs_with_deals(draw):
    """A core org chart, plus deals as (customer index, owner index, stage index)."""
    org = draw(core_property.orgs())
    _, users, customers, _, _ = org
    if not customers:
        return org, []
    deals = draw(st.lists(st.tuples(st.integers(0, len(customers) - 1), st.integers(0, len(users) - 1),
                                    st.integers(0, 6)), max_size=10))
    return org, deals


def _add_deals(tenant_id, user_ids, customer_ids, deals):
    """The deals in the example's tenant, through the service; returns their ids."""
    with tenant_scope(tenant_id):
        set_module("sales_automation", True)
        stages = service.stages_of(service.pipelines()[0].id)
        ids = []
        for c, u, s in deals:
            deal = service.create_opportunity(name="Deal", customer_id=customer_ids[c], owner_id=user_ids[u],
                                              amount=Decimal("1.50"))
            service.move_to_stage(deal, stages[s], close_reason="closed")
            ids.append(deal.id)
        db.session.commit()
        return ids


def _board_ids(user, pipeline_id):
    """Every card on the user's board, column page after column page; asserts counts match the cards."""
    found = []
    totals = board.column_totals(user, pipeline_id, {})
    for stage in service.stages_of(pipeline_id):
        cards, cursor = board.column_page(user, pipeline_id, stage.id, {}, limit=2)
        while cursor:
            more, cursor = board.column_page(user, pipeline_id, stage.id, {}, cursor, limit=2)
            cards += more
        assert totals.get(stage.id, (0, {}))[0] == len(cards)
        found += [card.id for card in cards]
    return found


def _list_ids(user, pipeline_id, sort):
    ids, cursor = [], None
    while True:
        rows, cursor = board.list_page(user, pipeline_id, {}, sort, cursor, limit=3)
        ids += [row.id for row in rows]
        if cursor is None:
            return ids


def _api_ids(client, secret):
    ids, url = [], "/api/v1/sales/opportunities?limit=3"
    while url:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        ids += [item["id"] for item in page["items"]]
        url = f"/api/v1/sales/opportunities?limit=3&cursor={page['next_cursor']}" if page["next_cursor"] else None
    return ids


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=orgs_with_deals(), sort=st.sampled_from(sorted(board.SORTS)))
def test_on_the_board_exactly_when_the_rules_say(app, example, sort):
    (parents, users, customers, shares, moves), deals = example
    final_parents, accepted = core_property.apply_moves(parents, moves)
    sees_customer = core_property.expected_visible(final_parents, users, customers, shares)
    api_checks = []
    with app.test_request_context():
        tenant_id, user_ids, customer_ids = core_property.build_tenant(parents, users, customers, shares, accepted)
        deal_ids = _add_deals(tenant_id, user_ids, customer_ids, deals)
        with tenant_scope(tenant_id):
            pipeline_id = service.default_pipeline().id
            for u, user_id in enumerate(user_ids):
                user = db.session.get(User, user_id)
                expected = {deal_ids[d] for d, (c, owner, _) in enumerate(deals)
                            if c in sees_customer[u] or owner == u}
                by_criterion = set(db.session.scalars(select(Opportunity.id)
                                                      .where(service.opportunity_criterion(user))))
                assert by_criterion == expected, f"user {u} {users[u]}"
                on_board = _board_ids(user, pipeline_id)
                assert len(on_board) == len(set(on_board)) and set(on_board) == expected
                listed = _list_ids(user, pipeline_id, sort)
                assert len(listed) == len(set(listed)) and set(listed) == expected, f"sort {sort}"
                for deal_id in deal_ids:
                    try:
                        service.opportunity_or_404(user, deal_id)
                        seen = True
                    except NotFound:
                        seen = False
                    assert seen == (deal_id in expected)
                if users[u][2] and users[u][0] != "unregistered":
                    api_checks.append((issue_token(user, "property")[1], expected))
    # Requests run outside this test's contexts: each gets its own, as in production.
    client = app.test_client()
    for secret, expected in api_checks:
        assert set(_api_ids(client, secret)) == expected
