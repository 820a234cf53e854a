"""Review: the development index is shown as the index docs/insights.md defines (100 = held), never as a change."""
from insights_scores_kit import FIGURES, add_scores, table
from test_insights_customers_pages import panel


def test_an_index_below_100_is_not_shown_as_growth(insights, tenant_session, page_client):
    figures = dict(FIGURES)
    figures["n1_alpha"] = figures["n1_alpha"][:5] + (80.0,) + figures["n1_alpha"][6:]
    figures["n1_beta"] = figures["n1_beta"][:5] + (145.26,) + figures["n1_beta"][6:]
    add_scores(tenant_session, insights, figures=figures)

    assert panel(page_client, insights, "rep_n1", "n1_alpha")["cdi"] == "80.0"
    assert panel(page_client, insights, "rep_n1", "n1_beta")["cdi"] == "145.3"
    rows = table(page_client("acme", "rep_n1").get("/insights/customers/?sort=-cdi").get_data(as_text=True),
                 "insights-customers")
    cdi = rows[0].index("Development index")
    # s1_shared (150, shared with the rep) leads; the two changed here follow in order.
    assert [row[cdi] for row in rows[1:4]] == ["150.0", "145.3", "80.0"]
