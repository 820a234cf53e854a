"""The `dispatch_skills` setting: one entry per category, read into the skills a dispatch request names."""
import pytest
from marshmallow import ValidationError

from plugins.service_support.dispatch.skills import SkillsError, parse_skills


def test_entries_by_semicolon_or_line_with_full_width_punctuation(app):
    with app.app_context():
        assert parse_skills("fault: repair 3, electrical 2; complaint: communication 2\ninquiry: product knowledge 1") == {
            "fault": [{"skill": "repair", "level": 3}, {"skill": "electrical", "level": 2}],
            "complaint": [{"skill": "communication", "level": 2}],
            "inquiry": [{"skill": "product knowledge", "level": 1}],
        }
        assert parse_skills("故障 : x 1".replace("故障", "fault")) == {"fault": [{"skill": "x", "level": 1}]}
        assert parse_skills("fault：维修 3，电工 2；complaint：沟通 2") == {
            "fault": [{"skill": "维修", "level": 3}, {"skill": "电工", "level": 2}],
            "complaint": [{"skill": "沟通", "level": 2}]}
        assert parse_skills("") == {} and parse_skills(" ; \n") == {}


@pytest.mark.parametrize("text", ["fault repair 3", "billing: money 2", "fault: repair", "fault: repair 6",
                                  "fault: repair 0", "fault: repair 3; fault: wiring 2"])
def test_bad_entries_are_refused(app, text):
    with app.app_context(), pytest.raises(SkillsError):
        parse_skills(text)


def test_the_settings_schema_refuses_a_bad_setting_and_keeps_a_good_one(world, enable_plugin):
    with pytest.raises(ValidationError) as refused:
        enable_plugin("acme", "service_support", settings={"dispatch_skills": "fault: repair"})
    assert "Entry 1" in str(refused.value.messages)
    row = enable_plugin("acme", "service_support", settings={"dispatch_skills": "fault: repair 3"})
    assert row.settings["dispatch_skills"] == "fault: repair 3"
