"""One test per hook, named test_hook_<hook> (tests/test_plugin_docs.py checks that each hook has one).

Every test registers small plugins of its own through
``@pytest.mark.app_config(CRM_PLUGINS=...)`` and checks the hook's effect on a
real app. What a plugin sees is kept in the app (`calls`), so each test starts clean.
"""
import logging
import os
import re
from datetime import datetime, time, timezone

import click
import pytest
from alembic.script import ScriptDirectory
from flask import current_app, jsonify
from marshmallow import ValidationError, fields, validate
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.pool import NullPool
from werkzeug.exceptions import Conflict

from crm_platform import create_app, roles, sdk
from crm_platform.extensions import db
from crm_platform.modules.cli import core_head


def calls(app=None):
    """What the test plugins of this app have seen: [(hook, details)]."""
    return (app or current_app).extensions.setdefault("hook_calls", [])


def committed_row(table, row_id):
    """The row as another database connection sees it: only what the core has committed."""
    engine = create_engine(current_app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # a bare connection sees no tenant's rows (row-level security)
                conn.exec_driver_sql(f'SET ROLE "{current_app.config["CRM_DATABASE_BYPASS_ROLE"]}"')
            row = conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).mappings().first()
            return dict(row) if row else None
    finally:
        engine.dispose()


def plugin_page(name, body="plugin page", permission=None):
    """A page blueprint `name` with one view at /<name>/ answering `body`."""
    pages = sdk.Blueprint(name, __name__, url_prefix=f"/{name}")
    guard = sdk.page_permission_required(permission) if permission else sdk.page_login_required

    @pages.route("/")
    @guard
    def index():
        """The plugin's page."""
        return body

    return pages


# -- start-up hooks ------------------------------------------------------------

class Base:
    """A plugin others depend on."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Base module", "What the add-on builds on.")


class Addon:
    """A plugin that needs `base` enabled first."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Add-on module", "Extends the base module.", requires=("base",))


class Nameless:
    """A plugin without crm_plugin_info: it is shown by its name."""

    @sdk.hookimpl
    def crm_menu_items(self, user):
        return []


@pytest.mark.app_config(CRM_PLUGINS={"base": Base(), "addon": Addon(), "nameless": Nameless()})
def test_hook_crm_plugin_info(app, world, enable_plugin, api_client):
    records = app.extensions["crm_plugins"].records
    assert (records["addon"].label, records["addon"].requires) == ("Add-on module", ("base",))
    assert records["nameless"].label == "nameless"
    with pytest.raises(Conflict, match="Enable base first"):
        enable_plugin("acme", "addon")
    enable_plugin("acme", "base")
    assert enable_plugin("acme", "addon").enabled
    with pytest.raises(Conflict, match="Disable addon first"):
        enable_plugin("acme", "base", enabled=False)
    listed = {m["name"]: m for m in api_client("acme", "admin").get("/api/v1/modules").json["items"]}
    assert (listed["addon"]["label"], listed["addon"]["requires"]) == ("Add-on module", ["base"])
    assert listed["addon"]["description"] == "Extends the base module."


class Pages:
    """A page and an API endpoint."""

    @sdk.hookimpl
    def crm_blueprints(self):
        api = sdk.ApiBlueprint("hookpages_api", __name__)

        @api.route("/hookpages/ping")
        @sdk.api_login_required
        def ping():
            """The plugin's API endpoint."""
            return {"pong": sdk.current_tenant_id()}

        return [plugin_page("hookpages"), api]


@pytest.mark.app_config(CRM_PLUGINS={"pages": Pages()})
def test_hook_crm_blueprints(world, enable_plugin, page_client, api_client):
    enable_plugin("acme", "pages")
    assert page_client("acme", "rep_n1").get("/hookpages/").data == b"plugin page"
    assert api_client("acme", "rep_n1").get("/api/v1/hookpages/ping").json == {"pong": world.acme.id}
    assert page_client("globex", "rep_n1").get("/hookpages/").status_code == 404
    assert api_client("globex", "rep_n1").get("/api/v1/hookpages/ping").status_code == 404
    enable_plugin("acme", "pages", enabled=False)
    assert page_client("acme", "rep_n1").get("/hookpages/").status_code == 404
    assert api_client("acme", "rep_n1").get("/api/v1/hookpages/ping").status_code == 404


class Technicians:
    """A role of its own."""

    @sdk.hookimpl
    def crm_roles(self):
        return [sdk.Role("technician", "Technician", "own", frozenset({"tasks.receive"}))]


@pytest.mark.app_config(CRM_PLUGINS={"technicians": Technicians()})
def test_hook_crm_roles(app, world, api_client):
    with app.app_context():
        assert roles.get_role("technician").scope == "own"
        assert roles.get_role("technician").permissions == {"tasks.receive"}
    created = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "Tess Tech", "email": "tess@example.test", "password": "long enough", "role": "technician"})
    assert created.status_code == 201, created.json
    assert created.json["role"] == "technician"
    # Roles belong to the app that loaded the plugin: another app never hears of them.
    other = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(app.instance_path) + "-other")
    with other.app_context():
        assert roles.get_role("technician") is None
    assert roles.get_role("technician") is None  # outside any app: the core's roles only


class Reports:
    """A permission granted to managers and reps, and a page that needs it."""

    @sdk.hookimpl
    def crm_permissions(self):
        return {"reports.view": ["manager", "rep"]}

    @sdk.hookimpl
    def crm_blueprints(self):
        return [plugin_page("hookreports", "the report", permission="reports.view")]


@pytest.mark.app_config(CRM_PLUGINS={"reports": Reports()})
def test_hook_crm_permissions(app, world, enable_plugin, page_client):
    with app.app_context():
        assert "reports.view" in roles.get_role("rep").permissions
        assert "reports.view" not in roles.get_role("admin").permissions
        assert {"users.manage", "modules.manage"} <= roles.get_role("admin").permissions
    enable_plugin("acme", "reports")
    assert page_client("acme", "rep_n1").get("/hookreports/").data == b"the report"
    assert page_client("acme", "admin").get("/hookreports/").status_code == 403


class GreetingSettings(sdk.BaseSchema):
    """Settings with a default and a required, bounded number."""

    greeting = fields.Str(load_default="hello", validate=validate.Length(min=1, max=20))
    limit = fields.Int(required=True, validate=validate.Range(min=1, max=10))


class Configurable:
    """A settings schema, and a page that shows the tenant's settings."""

    @sdk.hookimpl
    def crm_settings_schema(self):
        return GreetingSettings

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("hooksettings", __name__, url_prefix="/hooksettings")

        @pages.route("/")
        @sdk.page_login_required
        def index():
            """The settings as the plugin reads them."""
            return jsonify(sdk.plugin_settings("configurable"))

        return [pages]


@pytest.mark.app_config(CRM_PLUGINS={"configurable": Configurable()})
def test_hook_crm_settings_schema(world, enable_plugin, page_client, api_client):
    with pytest.raises(ValidationError) as missing:
        enable_plugin("acme", "configurable")
    assert "limit" in missing.value.messages
    refused = api_client("acme", "admin").put("/api/v1/modules/configurable",
                                              json={"enabled": True, "settings": {"limit": 99}})
    assert refused.status_code == 422
    assert list(refused.json["error"]["fields"]["settings"]) == ["limit"]
    assert enable_plugin("acme", "configurable", settings={"limit": 3}).settings == {"greeting": "hello", "limit": 3}
    assert page_client("acme", "rep_n1").get("/hooksettings/").json == {"greeting": "hello", "limit": 3}


MIGRATION = '''"""hookmig: its table."""
from alembic import op
import sqlalchemy as sa

revision = "hookmig_0001"
down_revision = None
branch_labels = ("hookmig",)
depends_on = "{core_head}"


def upgrade():
    op.create_table("hookmig_notes", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("hookmig_notes")
'''


class Migrating:
    """A plugin with an Alembic branch of its own in `folder`."""

    def __init__(self, folder):
        self.folder = folder

    @sdk.hookimpl
    def crm_migrations_dir(self):
        return str(self.folder)


def test_hook_crm_migrations_dir(tmp_path):
    versions = tmp_path / "hookmig" / "versions"
    versions.mkdir(parents=True)
    (versions / "hookmig_0001_notes.py").write_text(MIGRATION.format(core_head=core_head()))
    database = tmp_path / "migrated.sqlite"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "CRM_PLUGINS": {"hookmig": Migrating(versions)}}, instance_path=str(tmp_path / "instance"))
    try:
        with app.app_context():
            config = app.extensions["migrate"].migrate.get_config()
            assert str(versions) in config.get_main_option("version_locations").split(os.pathsep)
            assert {"hookmig_0001", core_head()} <= set(ScriptDirectory.from_config(config).get_heads())
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert {"hookmig_notes", "customers"} <= set(inspect(db.engine).get_table_names())
            with db.engine.connect() as conn:
                applied = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            # The core's head is implied: the plugin's branch depends on it.
            assert "hookmig_0001" in applied and core_head() not in applied
    finally:
        with app.app_context():
            db.engine.dispose()


@click.command("hook-hello")
@click.option("--name", default="world")
def hello_command(name):
    """Say hello (a plugin's command)."""
    click.echo(f"hello {name}")


class Commands:
    """A command for `crm`."""

    @sdk.hookimpl
    def crm_cli_commands(self):
        return [hello_command]


@pytest.mark.app_config(CRM_PLUGINS={"commands": Commands()})
def test_hook_crm_cli_commands(app):
    result = app.test_cli_runner().invoke(args=["hook-hello", "--name", "crm"])
    assert result.exit_code == 0, result.output
    assert result.output == "hello crm\n"
    assert "hook-hello" in app.test_cli_runner().invoke(args=["--help"]).output


def tenant_job_count(ctx):
    """A plugin's job: what its workspace and params were."""
    return {"tenant": ctx.tenant_id, "params": ctx.params, "user": ctx.user}


class Nightly:
    """A job kind and a daily schedule that runs it."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return [sdk.JobKind("nightly_count", tenant_job_count, "Nightly count", timeout=60, idempotent=True)]

    @sdk.hookimpl
    def crm_schedules(self):
        return [sdk.Schedule("nightly_daily", "nightly_count", at=time(2, 0), params=(("depth", 1),))]


class WrongKinds:
    """Returns something that is not a JobKind."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return ["nightly_count"]


class Squatter:
    """Claims a kind named like the core's."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return [sdk.JobKind("selftest", tenant_job_count, "Not yours")]


class ForeignSchedule:
    """Schedules a kind that is not its own."""

    @sdk.hookimpl
    def crm_schedules(self):
        return [sdk.Schedule("foreignschedule_export", "customer_export", every=3600)]


class TooOften:
    """An interval shorter than the tick's minute."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return [sdk.JobKind("toooften_ping", tenant_job_count, "Ping")]

    @sdk.hookimpl
    def crm_schedules(self):
        return [sdk.Schedule("toooften_ping", "toooften_ping", every=5)]


@pytest.mark.app_config(CRM_PLUGINS={"nightly": Nightly(), "wrongkinds": WrongKinds(), "squatter": Squatter()})
def test_hook_crm_job_kinds(app, world, enable_plugin):
    from crm_platform.jobs.kinds import get_kind
    from crm_platform.jobs.queue import JobKindDisabled, new_job
    from crm_platform.jobs.runner import run_job
    from crm_platform.models import Job
    from crm_platform.tenancy import tenant_scope

    records = app.extensions["crm_plugins"].records
    assert records["nightly"].ok
    assert "crm_job_kinds must return a list of JobKind objects" in records["wrongkinds"].error
    assert "must be named 'squatter' or start with 'squatter_'" in records["squatter"].error
    with app.app_context():
        assert (get_kind("nightly_count").plugin, get_kind("selftest").plugin) == ("nightly", None)
    assert get_kind("nightly_count") is None  # outside the app that loaded the plugin
    enable_plugin("acme", "nightly")
    with app.test_request_context(), tenant_scope(world.acme.id):
        job = new_job("nightly_count", None, {"depth": 2})
        db.session.commit()
        job_id = job.id
    with app.app_context():
        assert run_job(job_id, world.acme.id) == {"tenant": world.acme.id, "params": {"depth": 2}, "user": None}
    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.get(Job, job_id)
        assert (job.status, job.result) == ("finished", {"tenant": world.acme.id, "params": {"depth": 2}, "user": None})
    with app.test_request_context(), tenant_scope(world.globex.id):
        with pytest.raises(JobKindDisabled, match="The module nightly is disabled for this workspace"):
            new_job("nightly_count", None)


@pytest.mark.app_config(CRM_PLUGINS={"nightly": Nightly(), "foreignschedule": ForeignSchedule(),
                                     "toooften": TooOften()})
def test_hook_crm_schedules(app, world, enable_plugin, redis_url, redis_db):
    from crm_platform.jobs.schedules import all_schedules
    from crm_platform.jobs.tick import run_tick

    app.config["CRM_REDIS_URL"] = redis_url
    records = app.extensions["crm_plugins"].records
    assert records["nightly"].ok
    assert "'customer_export', which is not one of the plugin's own job kinds" in records["foreignschedule"].error
    assert "every must be 'daily' or a number of seconds >= 60" in records["toooften"].error
    assert ("nightly", sdk.Schedule("nightly_daily", "nightly_count", at=time(2, 0), params=(("depth", 1),))) in (
        all_schedules(app))
    assert all(plugin not in ("foreignschedule", "toooften") for plugin, _ in all_schedules(app))
    enable_plugin("acme", "nightly")
    with app.app_context():
        early = run_tick(datetime(2030, 1, 7, 1, 59, tzinfo=timezone.utc))["started"]
        due = run_tick(datetime(2030, 1, 7, 2, 0, tzinfo=timezone.utc))["started"]
    assert [(tenant, name) for tenant, name, _ in early if name == "nightly_daily"] == []
    assert [(tenant, name) for tenant, name, _ in due if name == "nightly_daily"] == [(world.acme.id, "nightly_daily")]


class QuoteSpecs:
    """The hooks the `quotes` plugin offers other plugins."""

    @sdk.hookspec
    def quotes_price(self, product):
        """Return the price of `product`, or None."""


class Quotes:
    """Declares quotes_price and answers it."""

    @sdk.hookimpl
    def crm_hookspecs(self):
        return QuoteSpecs

    @sdk.hookimpl
    def quotes_price(self, product):
        return 10 if product == "pen" else None


class Discounts:
    """Answers another plugin's hook; registered before the plugin that declares it."""

    @sdk.hookimpl
    def quotes_price(self, product):
        return 8


class Squatting:
    """Declares a hook outside its own name."""

    class Specs:
        @sdk.hookspec
        def crm_steal(self):
            """Not this plugin's to declare."""

    @sdk.hookimpl
    def crm_hookspecs(self):
        return self.Specs


@pytest.mark.app_config(CRM_PLUGINS={"discounts": Discounts(), "quotes": Quotes(), "squatting": Squatting()})
def test_hook_crm_hookspecs(app, world, enable_plugin, tenant_session):
    records = app.extensions["crm_plugins"].records
    assert records["discounts"].ok and records["quotes"].ok
    assert "must start with the plugin's name" in records["squatting"].error
    enable_plugin("acme", "quotes")
    with tenant_session("acme"):
        assert sdk.ask_plugins("quotes_price", product="pen") == [10]
        assert sdk.ask_plugins("quotes_price", product="ink") == []
        assert sdk.ask_plugins("nobody_declares_this", product="pen") == []
    enable_plugin("acme", "discounts")
    with tenant_session("acme"):
        assert sorted(sdk.ask_plugins("quotes_price", product="pen")) == [8, 10]
    with tenant_session("globex"):
        assert sdk.ask_plugins("quotes_price", product="pen") == []


# -- tenant hooks: menu and customer page -------------------------------------

class Menu:
    """Two menu entries, one for those who may manage users."""

    @sdk.hookimpl
    def crm_blueprints(self):
        return [plugin_page("hookmenu")]

    @sdk.hookimpl
    def crm_menu_items(self, user):
        calls().append(("crm_menu_items", user.id))
        return [sdk.MenuItem("Plugin entry", "hookmenu.index"),
                sdk.MenuItem("Admin plugin entry", "hookmenu.index", permission="users.manage")]


@pytest.mark.app_config(CRM_PLUGINS={"menu": Menu()})
def test_hook_crm_menu_items(app, world, enable_plugin, page_client):
    enable_plugin("acme", "menu")
    rep_page = page_client("acme", "rep_n1").get("/customers/").get_data(as_text=True)
    assert '<a href="/hookmenu/" >Plugin entry</a>' in rep_page
    assert "Admin plugin entry" not in rep_page
    assert ("crm_menu_items", world.acme.users["rep_n1"].id) in calls(app)
    assert "Admin plugin entry" in page_client("acme", "admin").get("/customers/").get_data(as_text=True)
    calls(app).clear()
    assert "Plugin entry" not in page_client("globex", "admin").get("/customers/").get_data(as_text=True)
    assert calls(app) == []


class Panels:
    """A panel naming the customer and who looks at it."""

    @sdk.hookimpl
    def crm_customer_panels(self, customer, user):
        return [sdk.Panel("Plugin panel", sdk.Markup("<p>{} seen by {}</p>").format(customer.name, user.name))]


class BrokenPanels:
    """A panel hook that raises."""

    @sdk.hookimpl
    def crm_customer_panels(self, customer, user):
        raise RuntimeError("panel exploded")


@pytest.mark.app_config(CRM_PLUGINS={"broken_panels": BrokenPanels(), "panels": Panels()})
def test_hook_crm_customer_panels(world, enable_plugin, page_client, caplog):
    enable_plugin("acme", "panels")
    enable_plugin("acme", "broken_panels")
    alpha = world.acme.customers["n1_alpha"].id
    page = page_client("acme", "rep_n1").get(f"/customers/{alpha}")
    assert page.status_code == 200
    assert "<p>Alpha Trading seen by Rep N1</p>" in page.get_data(as_text=True)
    assert "plugin broken_panels failed in crm_customer_panels" in caplog.text
    other = page_client("globex", "rep_n1").get(f"/customers/{world.globex.customers['n1_alpha'].id}")
    assert other.status_code == 200 and "Plugin panel" not in other.get_data(as_text=True)


class TodayWork:
    """A Today section naming the user and the date it was asked for, with two overdue items."""

    @sdk.hookimpl
    def crm_today_sections(self, user, today):
        html = sdk.Markup("<p>Work of {} on {}</p>").format(user.name, today.isoformat())
        return [sdk.TodaySection("Plugin work", html, overdue=2)]


class BrokenToday:
    """A Today hook that returns the wrong shape."""

    @sdk.hookimpl
    def crm_today_sections(self, user, today):
        return ["not a section"]


@pytest.mark.app_config(CRM_PLUGINS={"today_work": TodayWork(), "broken_today": BrokenToday()})
def test_hook_crm_today_sections(world, enable_plugin, page_client, caplog):
    enable_plugin("acme", "today_work")
    enable_plugin("acme", "broken_today")
    page = page_client("acme", "rep_n1").get("/today/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h2>Plugin work" in html and "2 overdue" in html
    # The date is the workspace's today: the same the page shows in its heading.
    assert re.search(r"<p>Work of Rep N1 on (\d{4}-\d\d-\d\d)</p>", html).group(1) in html.split("<h1>")[1]
    assert "plugin broken_today failed in crm_today_sections" in caplog.text
    # Later pages of the reminders and other workspaces show no plugin sections.
    assert "Plugin work" not in page_client("acme", "rep_n1").get("/today/?cursor=x").get_data(as_text=True)
    assert "Plugin work" not in page_client("globex", "rep_n1").get("/today/").get_data(as_text=True)


class DemoFiller:
    """Fills the demo workspace with one customer named after its arguments."""

    @sdk.hookimpl
    def crm_demo_data(self, seed, chinese, echo):
        echo("filling from the test plugin")
        sdk.db.session.add(sdk.Customer(name=f"Demo of the plugin {seed} {chinese}", owner_id=None))


class DemoBreaker:
    """Writes a customer, then fails: its write must not stay."""

    @sdk.hookimpl
    def crm_demo_data(self, seed):
        sdk.db.session.add(sdk.Customer(name="Half-written demo", owner_id=None))
        sdk.db.session.flush()
        raise RuntimeError("demo exploded")


class DemoReader:
    """Fills after the others (`trylast`), as a module reading their demo data does."""

    @sdk.hookimpl(trylast=True)
    def crm_demo_data(self, echo):
        echo("filling last")


@pytest.mark.app_config(CRM_PLUGINS={"demolast": DemoReader(), "demofill": DemoFiller(), "demobreak": DemoBreaker()})
def test_hook_crm_demo_data(app, caplog):
    from tenants.demo import create_demo

    lines = []
    with app.app_context():
        create_demo(customers=5, echo=lines.append)
        with sdk.unscoped("test reads the demo workspace"):
            tenant_id = sdk.db.session.scalar(select(sdk.Tenant.id).where(sdk.Tenant.slug == "demo"))
        with sdk.tenant_scope(tenant_id):
            names = set(sdk.db.session.scalars(select(sdk.Customer.name)))
            enabled = {name for name in ("demofill", "demobreak") if sdk.is_enabled(name)}
    assert "Demo of the plugin 20240601 False" in names and "Half-written demo" not in names
    assert "filling from the test plugin" in lines
    # Registered first, yet it fills after the modules that are not `trylast` (the bundled ones too).
    last = lines.index("filling last")
    assert all(lines.index(f"Filling module {name} ...") < last for name in ("demofill", "demobreak", "task_dispatch"))
    assert enabled == {"demofill", "demobreak"}
    assert "module demobreak failed to fill the demo workspace" in caplog.text


# -- tenant hooks: domain events ----------------------------------------------

class Recorder:
    """Notes each event with what the core had committed when the plugin heard of it."""

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        calls().append(("crm_customer_created", customer.id, committed_row("customers", customer.id)["name"]))

    @sdk.hookimpl
    def crm_customer_updated(self, customer, changes):
        calls().append(("crm_customer_updated", customer.id, changes, committed_row("customers", customer.id)["name"]))

    @sdk.hookimpl
    def crm_customer_deleted(self, customer_id, snapshot):
        calls().append(("crm_customer_deleted", customer_id, snapshot["name"], committed_row("customers", customer_id)))

    @sdk.hookimpl
    def crm_customer_owner_changed(self, customer, old_owner_id, new_owner_id):
        row = committed_row("customers", customer.id)
        calls().append(("crm_customer_owner_changed", customer.id, old_owner_id, new_owner_id, row["owner_id"]))

    @sdk.hookimpl
    def crm_user_created(self, user):
        calls().append(("crm_user_created", user.id, committed_row("users", user.id)["email"]))


class Raiser:
    """Writes half a change, then raises, in every event."""

    def _fail(self, customer=None):
        if customer is not None:
            customer.notes = "half-done by a failing plugin"
            sdk.db.session.flush()
        raise RuntimeError("plugin exploded")

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        self._fail(customer)

    @sdk.hookimpl
    def crm_customer_updated(self, customer, changes):
        self._fail(customer)

    @sdk.hookimpl
    def crm_customer_deleted(self, customer_id, snapshot):
        self._fail()

    @sdk.hookimpl
    def crm_customer_owner_changed(self, customer, old_owner_id, new_owner_id):
        self._fail(customer)

    @sdk.hookimpl
    def crm_user_created(self, user):
        self._fail()


class Bystander(Recorder):
    """Installed everywhere, enabled nowhere: it must hear nothing."""

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        calls().append(("bystander", customer.id))


# The raiser registers first, so it runs before the recorder and must not stop it.
EVENT_PLUGINS = {"raiser": Raiser(), "recorder": Recorder(), "bystander": Bystander()}


@pytest.fixture
def events(app, world, enable_plugin, caplog):
    """Recorder and raiser enabled for acme only; returns the app's list of calls."""
    enable_plugin("acme", "raiser")
    enable_plugin("acme", "recorder")
    caplog.set_level(logging.ERROR, logger="crm.plugins")
    return calls(app)


def assert_isolated(caplog, hook):
    """The raiser's failure was logged with its name and the hook."""
    assert f"plugin raiser failed reacting to {hook}" in caplog.text
    assert "RuntimeError: plugin exploded" in caplog.text


@pytest.mark.app_config(CRM_PLUGINS=EVENT_PLUGINS)
def test_hook_crm_customer_created(events, api_client, caplog):
    created = api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "Omega Labs"})
    assert created.status_code == 201
    assert events == [("crm_customer_created", created.json["id"], "Omega Labs")]
    assert_isolated(caplog, "crm_customer_created")
    kept = api_client("acme", "rep_n1").get(f"/api/v1/customers/{created.json['id']}").json
    assert (kept["name"], kept["notes"]) == ("Omega Labs", None)
    assert api_client("globex", "rep_n1").post("/api/v1/customers", json={"name": "Omega Labs"}).status_code == 201
    assert len(events) == 1


@pytest.mark.app_config(CRM_PLUGINS=EVENT_PLUGINS)
def test_hook_crm_customer_updated(events, world, api_client, caplog):
    alpha = world.acme.customers["n1_alpha"].id
    response = api_client("acme", "rep_n1").patch(f"/api/v1/customers/{alpha}", json={"name": "Alpha Trading Ltd"})
    assert response.status_code == 200
    assert events == [("crm_customer_updated", alpha, {"name": ["Alpha Trading", "Alpha Trading Ltd"]},
                       "Alpha Trading Ltd")]
    assert_isolated(caplog, "crm_customer_updated")
    kept = api_client("acme", "rep_n1").get(f"/api/v1/customers/{alpha}").json
    assert (kept["name"], kept["notes"]) == ("Alpha Trading Ltd", None)
    globex_alpha = world.globex.customers["n1_alpha"].id
    api_client("globex", "rep_n1").patch(f"/api/v1/customers/{globex_alpha}", json={"name": "Renamed"})
    assert len(events) == 1


@pytest.mark.app_config(CRM_PLUGINS=EVENT_PLUGINS)
def test_hook_crm_customer_deleted(events, world, api_client, caplog):
    alpha = world.acme.customers["n1_alpha"].id
    assert api_client("acme", "admin").delete(f"/api/v1/customers/{alpha}").status_code == 204
    assert events == [("crm_customer_deleted", alpha, "Alpha Trading", None)]
    assert_isolated(caplog, "crm_customer_deleted")
    assert api_client("acme", "admin").get(f"/api/v1/customers/{alpha}").status_code == 404
    globex_alpha = world.globex.customers["n1_alpha"].id
    assert api_client("globex", "admin").delete(f"/api/v1/customers/{globex_alpha}").status_code == 204
    assert len(events) == 1


@pytest.mark.app_config(CRM_PLUGINS=EVENT_PLUGINS)
def test_hook_crm_customer_owner_changed(events, world, api_client, caplog):
    alpha, rep_n1, rep_n2 = (world.acme.customers["n1_alpha"].id, world.acme.users["rep_n1"].id,
                             world.acme.users["rep_n2"].id)
    response = api_client("acme", "admin").post(f"/api/v1/customers/{alpha}/reassign", json={"owner_id": rep_n2})
    assert response.status_code == 200
    assert ("crm_customer_owner_changed", alpha, rep_n1, rep_n2, rep_n2) in events
    assert ("crm_customer_updated", alpha, {"owner_id": [rep_n1, rep_n2]}, "Alpha Trading") in events
    assert_isolated(caplog, "crm_customer_owner_changed")
    kept = api_client("acme", "admin").get(f"/api/v1/customers/{alpha}").json
    assert (kept["owner"]["id"], kept["notes"]) == (rep_n2, None)
    globex = world.globex
    api_client("globex", "admin").post(f"/api/v1/customers/{globex.customers['n1_alpha'].id}/reassign",
                                       json={"owner_id": globex.users["rep_n2"].id})
    assert len(events) == 2


@pytest.mark.app_config(CRM_PLUGINS=EVENT_PLUGINS)
def test_hook_crm_user_created(events, api_client, caplog):
    new_user = {"name": "Nina New", "email": "nina@example.test", "password": "long enough"}
    created = api_client("acme", "admin").post("/api/v1/users", json=new_user)
    assert created.status_code == 201
    assert events == [("crm_user_created", created.json["id"], "nina@example.test")]
    assert_isolated(caplog, "crm_user_created")
    assert api_client("acme", "admin").get(f"/api/v1/users/{created.json['id']}").status_code == 200
    assert api_client("globex", "admin").post("/api/v1/users", json=new_user).status_code == 201
    assert len(events) == 1


class MergeMover:
    """Sees the merge mid-transaction: the core's rows already moved, the duplicate not yet deleted."""

    @sdk.hookimpl
    def crm_customers_merged(self, kept, merged_id):
        session = sdk.db.session
        left = session.scalar(sdk.db.select(sdk.db.func.count(sdk.Contact.id)).where(sdk.Contact.customer_id == merged_id))
        still_there = session.scalar(sdk.db.select(sdk.Customer.id).where(sdk.Customer.id == merged_id))
        calls().append(("crm_customers_merged", kept.id, merged_id, left, still_there,
                        committed_row("customers", merged_id) is not None))


class MergeBreaker:
    """Fails to move its records of Gamma Tools (n2): that whole merge must be undone."""

    @sdk.hookimpl
    def crm_customers_merged(self, kept, merged_id):
        if sdk.db.session.scalar(sdk.db.select(sdk.Customer.name).where(sdk.Customer.id == merged_id)) == "Gamma Tools":
            raise RuntimeError("cannot move")


@pytest.mark.app_config(CRM_PLUGINS={"mover": MergeMover(), "breaker": MergeBreaker()})
def test_hook_crm_customers_merged(app, world, enable_plugin, api_client, caplog):
    acme = world.acme
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    enable_plugin("acme", "mover")
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta})
    assert merged.status_code == 200, merged.json
    # Inside the transaction: contacts moved, the duplicate still present (and still committed: nothing is yet).
    assert calls(app) == [("crm_customers_merged", alpha, beta, 0, beta, True)]
    assert api_client("acme", "admin").get(f"/api/v1/customers/{beta}").status_code == 404

    caplog.set_level(logging.ERROR, logger="crm.merge")
    n2 = acme.customers["n2"].id
    refused = api_client("acme", "admin").post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": n2})
    assert refused.status_code == 409 and "breaker" in refused.json["error"]["message"]
    assert "plugin breaker failed in crm_customers_merged" in caplog.text
    assert api_client("acme", "admin").get(f"/api/v1/customers/{n2}/contacts").json["items"][0]["id"] == \
        acme.contacts["n2"].id
    # globex has not enabled the plugins, yet their records must follow its merges too (their data stays in place
    # while they are off): the mover is asked there as well.
    globex = world.globex
    before = len(calls(app))
    assert api_client("globex", "admin").post(f"/api/v1/customers/{globex.customers['n1_alpha'].id}/merge",
                                              json={"merge_id": globex.customers["n1_beta"].id}).status_code == 200
    assert calls(app)[before:] == [("crm_customers_merged", globex.customers["n1_alpha"].id,
                                    globex.customers["n1_beta"].id, 0, globex.customers["n1_beta"].id, True)]


class Keeper:
    """Keeps customers whose name starts with "Alpha"; says nothing of the others."""

    @sdk.hookimpl
    def crm_customer_delete_blockers(self, customer):
        return ["it has records Keeper keeps."] if customer.name.startswith("Alpha") else []


class BrokenKeeper:
    """Cannot tell: raises for every customer named "Gamma ..."."""

    @sdk.hookimpl
    def crm_customer_delete_blockers(self, customer):
        if customer.name.startswith("Gamma"):
            raise RuntimeError("keeper exploded")
        return []


@pytest.mark.app_config(CRM_PLUGINS={"keeper": Keeper(), "brokenkeeper": BrokenKeeper()})
def test_hook_crm_customer_delete_blockers(world, api_client, page_client, caplog):
    acme = world.acme
    admin = api_client("acme", "admin")
    # Neither plugin is enabled in acme: a module that is off keeps its records all the same.
    alpha = acme.customers["n1_alpha"].id
    refused = admin.delete(f"/api/v1/customers/{alpha}")
    assert refused.status_code == 409
    assert refused.json["error"]["message"] == "Alpha Trading cannot be deleted: it has records Keeper keeps."
    assert admin.get(f"/api/v1/customers/{alpha}").status_code == 200
    page = page_client("acme", "admin").post(f"/customers/{alpha}/delete", follow_redirects=True)
    assert "it has records Keeper keeps." in page.get_data(as_text=True)
    assert admin.get(f"/api/v1/customers/{alpha}").status_code == 200
    # A plugin that fails keeps the customer too: a deletion cannot be undone.
    gamma = acme.customers["n2"].id
    assert admin.delete(f"/api/v1/customers/{gamma}").status_code == 409
    assert "plugin brokenkeeper failed in crm_customer_delete_blockers" in caplog.text
    assert admin.delete(f"/api/v1/customers/{acme.customers['n1_beta'].id}").status_code == 204


# -- crm_import_kinds ------------------------------------------------------------

class HookNoteSchema(sdk.BaseSchema):
    """A row of the test plugin's import: a name of at most 20 characters and a note."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=20))
    notes = fields.Str()


class NoteImport(sdk.ImportKind):
    """Customers made from a plain list of names, duplicates by name (case-insensitive)."""

    key = "hookimports_notes"
    label = "Notes"
    title = "Import notes"

    def fields(self):
        return [sdk.ImportField("name", "Name", required=True), sdk.ImportField("notes", "Note", synonyms=("remark",))]

    def schema(self):
        return HookNoteSchema()

    def resolve_rows(self, plans, user):
        calls().append(("resolve_rows", len(plans)))
        for plan in plans:
            if plan.fields["name"] == "Reserved":
                plan.error = "name: Reserved is taken."

    def keys(self, data):
        return [("name", data["name"].lower())]

    def existing(self, keys, user):
        names = [key for _kind, key in keys]
        found = db.session.scalars(sdk.db.select(sdk.Customer).where(sdk.db.func.lower(sdk.Customer.name).in_(names)))
        return {("name", customer.name.lower()): customer for customer in found}

    def create(self, user, data):
        customer = sdk.Customer(name=data["name"], notes=data.get("notes"), owner_id=user.id)
        db.session.add(customer)
        return customer

    def committed(self, created, changed):
        calls().append(("crm_import_kinds", sorted(customer.name for customer in created)))


class NoteImports:
    """Offers the note import."""

    @sdk.hookimpl
    def crm_import_kinds(self):
        return [NoteImport()]


class WrongImports:
    """Returns something that is not an ImportKind."""

    @sdk.hookimpl
    def crm_import_kinds(self):
        return ["notes"]


def post_import(client, text, **form):
    import io

    return client.post("/api/v1/imports", data={"file": (io.BytesIO(text.encode()), "notes.csv"), **form},
                       content_type="multipart/form-data")


@pytest.mark.app_config(CRM_PLUGINS={"hookimports": NoteImports(), "wrongimports": WrongImports()})
def test_hook_crm_import_kinds(app, world, enable_plugin, api_client, jobs):
    records = app.extensions["crm_plugins"].records
    assert "crm_import_kinds must return a list of ImportKind objects" in records["wrongimports"].error
    enable_plugin("acme", "hookimports")
    acme, globex = api_client("acme", "rep_n1"), api_client("globex", "rep_n1")
    assert [kind["key"] for kind in globex.get("/api/v1/imports/kinds").json] == ["customers"]
    refused = post_import(globex, "Name\nFirst\n", kind="hookimports_notes")
    assert refused.status_code == 422 and "kind" in refused.json["error"]["fields"]
    offered = {kind["key"]: kind for kind in acme.get("/api/v1/imports/kinds").json}
    assert offered["hookimports_notes"]["fields"] == [{"name": "name", "label": "Name", "required": True},
                                                      {"name": "notes", "label": "Note", "required": False}]
    assert post_import(acme, "Name\nA\n", kind="hookimports_notes", on_duplicate="update").status_code == 422

    started = post_import(acme, "Name,Remark\nFirst,one\nalpha trading,dup\n,no name\nFar Too Long A Name For It,\n"
                          "Reserved,\n", kind="hookimports_notes")
    assert started.status_code == 202 and started.json["kind"] == "hookimports_notes_import"
    jobs.work()
    batch = acme.get(f"/api/v1/imports/{started.json['params']['batch_id']}").json
    assert (batch["kind"], batch["status"], batch["mapping"]) == ("hookimports_notes", "finished",
                                                                  {"Name": "name", "Remark": "notes"})
    assert batch["counts"] == {"created": 1, "updated": 0, "skipped": 1, "failed": 3}
    assert ("crm_import_kinds", ["First"]) in calls(app) and ("resolve_rows", 3) in calls(app)  # the valid rows
    with app.app_context(), sdk.tenant_scope(world.acme.id):
        assert db.session.scalar(sdk.db.select(sdk.Customer.notes).where(sdk.Customer.name == "First")) == "one"

    pending = post_import(acme, "Name\nSecond\n", kind="hookimports_notes").json
    enable_plugin("acme", "hookimports", enabled=False)  # off before a worker took the batch
    jobs.work()
    assert acme.get(f"/api/v1/jobs/{pending['id']}").json["status"] == "failed"
    assert acme.post(f"/api/v1/imports/{pending['params']['batch_id']}/resume").status_code == 409
    with app.app_context(), sdk.tenant_scope(world.acme.id):
        assert db.session.scalar(sdk.db.select(sdk.Customer.id).where(sdk.Customer.name == "Second")) is None
