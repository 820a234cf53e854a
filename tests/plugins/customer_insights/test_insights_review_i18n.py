"""Review: the segment rules refused on the Modules page and API are explained in the workspace's language."""
import re

import pytest


@pytest.mark.parametrize("rules", ["champions R5", "a: R5\na: F1", "x: R0"])
def test_segment_rules_refused_through_the_modules_api_are_said_in_chinese(insights, api_client, rules):
    admin = api_client("acme", "admin")
    assert admin.patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    response = admin.put("/api/v1/modules/customer_insights", json={"enabled": True, "settings": {"segments": rules}})
    assert response.status_code == 422
    message = " ".join(response.get_json()["error"]["fields"]["settings"]["segments"])
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not re.search(r"write a|each letter|each segment name", message), message
