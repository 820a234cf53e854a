"""The database settings read from the environment (crm_platform/config.py)."""
import pytest

from crm_platform.config import load_config


@pytest.mark.parametrize("value, prepared", [("1", True), ("0", False), ("off", False), ("False", False),
                                             ("no", False)])
def test_the_setting_reads_the_usual_words_for_off(monkeypatch, tmp_path, value, prepared):
    """CRM_DATABASE_PREPARED_STATEMENTS: 0, off, false and no turn prepared statements off."""
    monkeypatch.setenv("CRM_DATABASE_PREPARED_STATEMENTS", value)
    assert load_config(tmp_path)["CRM_DATABASE_PREPARED_STATEMENTS"] is prepared
