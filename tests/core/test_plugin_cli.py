"""`crm plugins` lists what is installed; `crm plugins new` scaffolds a plugin that installs and works.

The scaffolded plugin is installed with pip into a folder of its own and used
from fresh processes (`crm db upgrade`, its own test suite): importing it here
would leave its table in the shared metadata for every later test.
"""
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crm_platform import create_app
from crm_platform.modules.cli import core_head
from crm_platform.sdk import PluginInfo, hookimpl


class Greeter:
    """A plugin that loads."""

    __version__ = "1.2.3"

    @hookimpl
    def crm_plugin_info(self):
        return PluginInfo("Greetings")

    @hookimpl
    def crm_menu_items(self, user):
        return []


class UnknownHook:
    """A plugin that implements a hook the core does not define."""

    @hookimpl
    def crm_no_such_hook(self):
        return None


class FailingStartup:
    """A plugin whose start-up hook raises."""

    @hookimpl
    def crm_settings_schema(self):
        raise RuntimeError("settings exploded")


PLUGINS = {"greeter": Greeter(), "unknown_hook": UnknownHook(), "failing_startup": FailingStartup()}


def blocks(output):
    """`crm plugins` output as {plugin name: its block of lines}."""
    found = {}
    for line in output.splitlines():
        if line and not line.startswith(" "):
            name = line.split()[0]
            found[name] = [line]
        elif found:
            found[name].append(line.strip())
    return found


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS)
def test_plugins_lists_status_hooks_and_tenant_counts(app, world, enable_plugin):
    enable_plugin("acme", "greeter")
    result = app.test_cli_runner().invoke(args=["plugins"])
    assert result.exit_code == 0, result.output
    listed = blocks(result.output)
    assert {"greeter", "unknown_hook", "failing_startup"} <= set(listed)  # and any plugin pip installed
    assert listed["greeter"] == ["greeter 1.2.3", "label:   Greetings", "status:  ok", "tenants: enabled in 1 of 2",
                                 "hooks:   crm_menu_items, crm_plugin_info"]
    assert "status:  broken: LookupError: implements unknown hook(s): crm_no_such_hook" in listed["unknown_hook"]
    assert "status:  broken: RuntimeError: settings exploded" in listed["failing_startup"]
    assert "tenants: enabled in 0 of 2 (off everywhere while broken)" in listed["failing_startup"]


def test_plugins_without_a_database_still_lists(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}",
                      "CRM_PLUGINS": {"greeter": Greeter()}}, instance_path=str(tmp_path / "instance"))
    result = app.test_cli_runner().invoke(args=["plugins"])
    assert result.exit_code == 0, result.output
    assert "tenants: unknown (the database is not ready: run `crm db upgrade`)" in result.output
    assert "status:  ok" in result.output


def scaffold(app, directory, name="demo_widgets"):
    """Run `crm plugins new NAME --directory DIR`; returns the click result."""
    return app.test_cli_runner().invoke(args=["plugins", "new", name, "--directory", str(directory)])


EXPECTED_FILES = {
    "README.md", "pyproject.toml", "setup.cfg", "tests/conftest.py", "tests/test_demo_widgets.py",
    "tests/test_demo_widgets_authz.py", "demo_widgets/authorization.toml",
    "demo_widgets/__init__.py", "demo_widgets/plugin.py", "demo_widgets/models.py", "demo_widgets/schemas.py",
    "demo_widgets/api.py", "demo_widgets/views.py", "demo_widgets/jobs.py",
    "demo_widgets/templates/demo_widgets/index.html",
    "demo_widgets/migrations/versions/demo_widgets_0001_initial.py",
}


def test_new_scaffolds_the_standard_package_shape(app, tmp_path):
    result = scaffold(app, tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "demo_widgets"
    assert {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} == EXPECTED_FILES
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"__(NAME|SLUG|LABEL|CLASS|CORE_HEAD)__", text), path
            if path.suffix == ".py":
                compile(text, str(path), "exec")
    setup_cfg = (root / "setup.cfg").read_text()
    assert "crm_platform.plugins =\n    demo_widgets = demo_widgets.plugin" in setup_cfg
    assert "crm-platform" in setup_cfg
    migration = (root / "demo_widgets/migrations/versions/demo_widgets_0001_initial.py").read_text()
    assert 'branch_labels = ("demo_widgets",)' in migration
    assert f'depends_on = "{core_head()}"' in migration
    assert '"demo_widgets_items"' in migration
    assert '{% extends "base.html" %}' in (root / "demo_widgets/templates/demo_widgets/index.html").read_text()
    # The URL segment docs/plugins.md promises is the plugin's name; its test uses only the SDK and the kit.
    assert 'url_prefix="/demo_widgets"' in (root / "demo_widgets/views.py").read_text()
    assert '"/demo_widgets/customers/' in (root / "demo_widgets/api.py").read_text()
    test = (root / "tests/test_demo_widgets.py").read_text()
    assert "app.extensions" not in test and "crm_platform." not in test.replace("crm_platform.testing", "")
    assert "class DemoWidgetsItemSchema" in (root / "demo_widgets/schemas.py").read_text()


def test_core_head_is_the_newest_core_revision():
    versions = Path(__file__).resolve().parents[2] / "platform/crm_platform/migrations/versions"
    newest = max(versions.glob("core_*.py"), key=lambda p: re.match(r"core_\d+", p.name).group())
    # The revision id may carry a suffix after its number.
    assert core_head() == re.search(r"^revision = '([^']+)'", newest.read_text(), re.M).group(1)


@pytest.mark.parametrize("name", ["Demo", "demo-widgets", "1demo", "class", "démo", "demo widgets"])
def test_new_refuses_a_name_that_is_not_a_lowercase_identifier(app, tmp_path, name):
    result = scaffold(app, tmp_path / "out", name)
    assert result.exit_code == 2
    assert "Python identifier" in result.output
    assert not (tmp_path / "out").exists()


def test_new_never_overwrites(app, tmp_path):
    (tmp_path / "demo_widgets").mkdir()
    (tmp_path / "demo_widgets" / "setup.cfg").write_text("mine")
    result = scaffold(app, tmp_path)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert [p.name for p in (tmp_path / "demo_widgets").iterdir()] == ["setup.cfg"]
    assert (tmp_path / "demo_widgets" / "setup.cfg").read_text() == "mine"


def run(command, **kwargs):
    """Run `command`; fail with its output unless it succeeds."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_scaffolded_plugin_installs_migrates_and_passes_its_own_tests(app, tmp_path):
    assert scaffold(app, tmp_path / "src").exit_code == 0
    project, site = tmp_path / "src" / "demo_widgets", tmp_path / "site"
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--no-build-isolation",
         "--target", str(site), str(project)])
    # The wheel carries the data files, not only the modules.
    assert (site / "demo_widgets/templates/demo_widgets/index.html").is_file()
    assert (site / "demo_widgets/migrations/versions/demo_widgets_0001_initial.py").is_file()
    assert (site / "demo_widgets/authorization.toml").is_file()

    env = {key: value for key, value in os.environ.items() if key != "CRM_DATABASE_URL"}
    env.update(PYTHONPATH=str(site), CRM_INSTANCE_PATH=str(tmp_path / "instance"))
    crm = str(Path(sys.executable).with_name("crm"))
    run([crm, "db", "upgrade"], env=env)
    # The scaffold's migration builds exactly what its model describes.
    assert "No new upgrade operations detected" in run([crm, "db", "check"], env=env).stdout
    with sqlite3.connect(tmp_path / "instance" / "crm.sqlite") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "demo_widgets_items" in tables

    # Its own tests: it loads (status ok), and enabled for acme only, its page and API answer
    # there and 404 for globex. Run from elsewhere, so the installed copy is the one imported.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project / "tests")],
                 env=env, cwd=elsewhere)
    # 7 of its own, and 7 cases of its 3 authorization rows (a write runs once per allowed role).
    assert re.search(r"\b14 passed\b", result.stdout), result.stdout
