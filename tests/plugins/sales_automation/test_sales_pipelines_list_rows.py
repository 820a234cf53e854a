"""The lean paths of the opportunity list and a column's cards (pipelines/opportunity_rows.py) answer the schemas' dumps.

Deals with every optional field empty or set, open, won and lost, are listed by
users of each scope in every order, a small page at a time: each page must
equal `SalesOpportunitySchema` dumping the ORM opportunities that the list view
(`board.list_page`) pages through, and each column's cards what `board.cards`
made of `board.column_page`; and a page costs the principal and itself.
"""
import re
from datetime import date

import pytest
from sqlalchemy import select

from crm_platform.sdk import User, db
from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines import board, service
from plugins.sales_automation.pipelines.schemas import SalesCardSchema, SalesOpportunitySchema
from sales_pipelines_kit import make_deals
from statements_support import statements

SPECS = [
    ("Alpha ERP", "n1_alpha", "rep_n1", "1000.10", 0, date(2026, 3, 5)),
    ("Alpha CRM", "n1_alpha", "rep_n1", "200.00", 0, None),
    ("Beta mill", "n1_beta", "rep_n1", "0.05", 1, None),
    ("North 2", "n2", "rep_n2", "999999999999.99", 0, date(2026, 3, 31)),
    ("中文 商机", "n2", "manager_north", "300.00", 5, date(2026, 3, 31)),
    ("Gamma port", "s1", "rep_s1", "4000.00", 6, date(2026, 3, 10)),
    ("House", "house", "admin", "0", 2, None),
]


@pytest.fixture
def deals(sales, tenant_session):
    """SPECS in acme, the second of them with its optional fields filled in; returns the pipeline id."""
    pipeline_id, _, ids = make_deals(tenant_session, sales, "acme", SPECS)
    with tenant_session("acme") as session:
        deal = session.scalar(select(Opportunity).where(Opportunity.id == ids[1]))
        deal.description, deal.source, deal.probability, deal.forecast_category = "多行\n说明", "web", 35, "commit"
        session.commit()
    return pipeline_id


def api_pages(client, url, **query):
    """Every item of every page of `url` (pages of 2, following `next_cursor`), concatenated."""
    items, cursor = [], None
    while True:
        response = client.get(url, query_string={**query, "limit": 2, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.get_json()
        items += response.get_json()["items"]
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            return items


def lean_pages(client, pipeline_id, sort):
    """Every page of the API's list, concatenated."""
    return api_pages(client, "/api/v1/sales/opportunities", pipeline_id=pipeline_id, sort=sort)


def expected_pages(world, tenant_session, user_key, pipeline_id, sort):
    """The same pages the ORM way, dumped by the schema."""
    items, cursor = [], None
    with tenant_session("acme", world.acme.users[user_key].id):
        user = db.session.get(User, world.acme.users[user_key].id)
        while True:
            rows, cursor = board.list_page(user, pipeline_id, {}, sort, cursor, limit=2)
            items += SalesOpportunitySchema(many=True).dump(rows)
            if cursor is None:
                return items


@pytest.mark.parametrize("sort", sorted(board.SORTS))
def test_the_lean_list_answers_the_schemas_dump(sales, deals, api_client, tenant_session, app, sort):
    for user_key in ("executive", "manager_north", "rep_n1"):
        with app.test_request_context():
            expected = expected_pages(sales, tenant_session, user_key, deals, sort)
        assert expected, user_key
        assert lean_pages(api_client("acme", user_key), deals, sort) == expected


def test_a_page_costs_the_principal_and_itself(sales, deals, api_client, app):
    client = api_client("acme", "executive")
    client.get(f"/api/v1/sales/opportunities?pipeline_id={deals}&limit=2")  # writes the token's last use
    with statements(app) as sent:
        page = client.get(f"/api/v1/sales/opportunities?pipeline_id={deals}&limit=2")
    assert page.status_code == 200 and len(page.get_json()["items"]) == 2
    assert len(sent) == 2, sent
    assert all(re.fullmatch(r"\d+\.\d\d", item["amount"]) for item in page.get_json()["items"])


def card_pages(client, pipeline_id, stage_id):
    """Every card of a column through the API, "Load more" after "Load more"."""
    return api_pages(client, f"/api/v1/sales/pipelines/{pipeline_id}/stages/{stage_id}/cards")


def test_a_columns_cards_answer_the_schemas_dump(sales, deals, api_client, tenant_session, app):
    for user_key in ("executive", "manager_north", "rep_n1"):
        client = api_client("acme", user_key)
        with app.test_request_context(), tenant_session("acme", sales.acme.users[user_key].id):
            user = db.session.get(User, sales.acme.users[user_key].id)
            stages = [stage.id for stage in service.stages_of(deals)]
            expected = {}
            for stage_id in stages:
                orm, cursor = [], None
                while True:
                    rows, cursor = board.column_page(user, deals, stage_id, {}, cursor, limit=2)
                    orm += rows
                    if cursor is None:
                        break
                expected[stage_id] = SalesCardSchema(many=True).dump(board.cards(orm))
        assert sum(map(len, expected.values())) >= 3, user_key
        assert {stage_id: card_pages(client, deals, stage_id) for stage_id in stages} == expected


def test_a_page_of_cards_costs_two_statements_fewer(sales, deals, api_client, app):
    client = api_client("acme", "executive")
    stage_id = api_client("acme", "executive").get(f"/api/v1/sales/opportunities?pipeline_id={deals}").get_json()[
        "items"][0]["stage_id"]
    url = f"/api/v1/sales/pipelines/{deals}/stages/{stage_id}/cards?limit=1"
    client.get(url)  # writes the token's last use
    with statements(app) as sent:
        page = client.get(url)
    assert page.status_code == 200 and page.get_json()["items"][0]["customer_name"]
    # The principal, the pipeline, its stages, the page with its names (the ORM path added two for the names).
    assert len(sent) == 4, sent


def test_the_board_as_opened_is_built_once_and_answers_each_workspace_and_filter(sales, tenant_session,
                                                                                 api_client):
    """Both workspaces' lists and columns, in turns, through the one statement per shape; a filter gets its own."""
    from crm_platform.api import pagination

    made = {tenant: make_deals(tenant_session, sales, tenant, SPECS[:4]) for tenant in ("acme", "globex")}
    pagination._shapes.clear()
    for tenant in ("acme", "globex", "acme"):
        pipeline_id, stages, ids = made[tenant]
        rep = api_client(tenant, "rep_n1")
        listed = lean_pages(rep, pipeline_id, "-stage_entered_at")
        assert [item["id"] for item in listed] == [ids[2], ids[1], ids[0]]  # rep_n1's, newest first
        assert [card["id"] for card in card_pages(rep, pipeline_id, stages[0])] == [ids[1], ids[0]]
        executive = api_client(tenant, "executive")
        assert {card["id"] for card in card_pages(executive, pipeline_id, stages[0])} == {ids[0], ids[1], ids[3]}
        # A filter is a statement of its own, and the list as opened stays whole after it.
        owned = api_pages(executive, "/api/v1/sales/opportunities", pipeline_id=pipeline_id,
                          owner_id=sales[tenant].users["rep_n2"].id)
        assert [item["id"] for item in owned] == [ids[3]]
        assert len(lean_pages(executive, pipeline_id, "-stage_entered_at")) == 4
    # Per role scope and sort (first page and cursor pages), not per user, workspace, pipeline or stage.
    shapes = list(pagination._shapes.keys())
    assert {key[0][0] for key in shapes} == {"sales-opportunities", "sales-cards"}
    assert len(shapes) <= 8
