"""The Chinese of the dashboard, announcements and work logs: one form of address, labels that read naturally."""
from pathlib import Path

from babel.messages.pofile import read_po

import crm_platform

CATALOGUE = Path(crm_platform.__file__).parent / "translations/zh_CN/LC_MESSAGES/messages.po"
FEATURES = ("dashboard/", "announcements/", "work_logs/")


def test_these_features_address_the_reader_as_nin_throughout():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="zh_CN")
    casual = [message.id for message in catalogue if message.id and any(
        feature in path for path, _line in message.locations for feature in FEATURES)
        and "你" in "".join(message.string if isinstance(message.string, tuple) else [message.string])]
    assert casual == []


def test_the_work_log_form_and_a_refused_widget_read_naturally(page_client, api_client, world):
    page = page_client("acme", "manager_north")
    page.post("/language", data={"locale": "zh_CN"})
    html = page.get("/work-logs/").get_data(as_text=True)
    assert "今日工作内容" in html and "本周工作计划" in html and "计划周内任意一天" in html
    assert "今日未写日志" in page.get("/work-logs/team").get_data(as_text=True)
    refused = api_client("acme", "rep_n1").put("/api/v1/dashboard/layout", json={"widgets": ["sales.nothing"]},
                                               headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert refused.json["error"]["message"] == "以下小组件对您不可用：sales.nothing。"
