"""Review: a day no computation can be made as of is refused when asked, not a job that fails later."""
from datetime import date

import pytest

from plugins.customer_insights.engine.analyse import Rules, analyse
from plugins.customer_insights.engine.history import History

API = "/api/v1/insights/runs"


@pytest.mark.parametrize("day", ["0001-01-01", "0010-12-31", "1899-12-31"])
def test_an_as_of_before_1900_is_a_422(insights, api_client, day):
    refused = api_client("acme", "admin").post(API, json={"as_of": day})
    assert refused.status_code == 422, refused.get_json()
    assert set(refused.json["error"]["fields"]) == {"as_of"}


def test_the_earliest_day_accepted_can_be_analysed_with_the_longest_period():
    empty = History([], [], [])
    analysis = analyse(empty, [1], date(1900, 1, 1), Rules(period_months=120))
    assert analysis.layer.tolist() == ["onlooker"]
