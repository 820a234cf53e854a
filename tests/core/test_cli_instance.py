"""Issue 8, for plugin authors: listings create nothing where they run; start-up warnings once, none in development."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_") and key != "FLASK_DEBUG"}
    return {**env, "PATH": f"{BIN}:{env.get('PATH', '')}", **extra}


def _crm(folder, *args, **env):
    return subprocess.run([str(BIN / "crm"), *args], cwd=folder, env=_env(**env), capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args", [("plugins",), ("--help",), ("routes",), ("plugins", "new", "my_ratings")])
def test_listing_commands_leave_no_instance_behind(tmp_path, args):
    result = _crm(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "instance").exists()


def test_crm_plugins_on_a_fresh_folder_says_the_database_is_not_ready(tmp_path):
    result = _crm(tmp_path, "plugins")
    assert "the database is not ready: run `crm db upgrade`" in result.stdout


def test_commands_that_need_the_instance_still_create_it(tmp_path):
    result = _crm(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "instance" / "crm.sqlite").exists() and (tmp_path / "instance" / "secret_key").exists()
    listed = _crm(tmp_path, "plugins")  # now it reads the real database
    assert "enabled in 0 of 0" in listed.stdout


BUILD_TWO_APPS = "from crm_platform import create_app\nfor _ in range(3):\n    create_app()\n"


def test_each_start_up_warning_is_printed_once_per_process(tmp_path):
    result = subprocess.run([sys.executable, "-c", BUILD_TWO_APPS], cwd=tmp_path, env=_env(), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("CRM_MAIL_BACKEND is console") == 1
    assert result.stderr.count("CRM_BASE_URL is left at") == 1


def test_no_start_up_warnings_in_development(tmp_path):
    result = subprocess.run([sys.executable, "-c", BUILD_TWO_APPS], cwd=tmp_path, env=_env(CRM_ENV="development"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
