"""The crm_dashboard_widgets hook: modules' widgets on the dashboard, contained failures, disabled modules in place."""
import pytest
from flask_login import current_user
from sqlalchemy import func, select

from crm_platform import sdk
from test_dashboard_pages import ANNOUNCEMENTS, CORE, RECENT, REMINDERS, choices, widget_order


class WidgetShop:
    """Two widgets: one shown by default that names the user and counts the customers they may see, one opt-in."""

    @sdk.hookimpl
    def crm_dashboard_widgets(self, user):
        def counted():
            seen = sdk.db.session.scalar(select(func.count(sdk.Customer.id)).where(sdk.customer_criterion(user)))
            return sdk.Markup("<p>{} sees {} customers</p>").format(current_user.name, seen)
        return [sdk.DashboardWidget("shop.count", "Shop count", counted, description="What the shop counts"),
                sdk.DashboardWidget("shop.extra", "Shop extra", lambda: "<b>escaped</b>", default=False)]


class BrokenHook:
    """A hook that raises: its widgets are left out."""

    @sdk.hookimpl
    def crm_dashboard_widgets(self, user):
        raise RuntimeError("no widgets today")


class BrokenRender:
    """A widget whose render raises, after a failed query that spoils the transaction."""

    @sdk.hookimpl
    def crm_dashboard_widgets(self, user):
        def render():
            sdk.db.session.execute(select(sdk.Customer).where(sdk.Customer.name.op("~~~")(1)))
        return [sdk.DashboardWidget("broken.render", "Broken render", render)]


class CoreImpostor:
    """A module claiming a key of the core's, and the wrong shape: both refused."""

    @sdk.hookimpl
    def crm_dashboard_widgets(self, user):
        return [sdk.DashboardWidget("core.reminders", "Not the core", lambda: sdk.Markup("<p>impostor</p>"))]


PLUGINS = {"shop": WidgetShop(), "brokenhook": BrokenHook(), "brokenrender": BrokenRender(),
           "impostor": CoreImpostor()}


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS)
def test_hook_crm_dashboard_widgets(world, enable_plugin, page_client, api_client, caplog):
    for name in PLUGINS:
        enable_plugin("acme", name)
    page = page_client("acme", "rep_n1").get("/dashboard/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # The core's first, then the modules' defaults in hook order; the opt-in widget waits in Customize.
    assert widget_order(html) == [*CORE, "shop.count", "broken.render"]
    assert "<p>Rep N1 sees 3 customers</p>" in html
    assert "This widget could not be shown just now" in html and "impostor" not in html
    assert "plugin brokenhook failed in crm_dashboard_widgets" in caplog.text
    assert "plugin impostor failed in crm_dashboard_widgets" in caplog.text
    assert "dashboard widget broken.render failed to render" in caplog.text
    listed = choices(page_client("acme", "rep_n1").get("/dashboard/customize").get_data(as_text=True))
    assert listed[-1] == ("shop.extra", False)
    # Chosen, the opt-in widget shows; text that is not Markup is escaped. After the failed query the
    # widgets below still query and show (the failure's transaction was rolled back).
    layout = ["broken.render", "shop.extra", "shop.count", "core.recent_customers"]
    assert api_client("acme", "rep_n1").put("/api/v1/dashboard/layout", json={"widgets": layout}).status_code == 200
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    assert widget_order(html) == layout
    assert "&lt;b&gt;escaped&lt;/b&gt;" in html and "<p>Rep N1 sees 3 customers</p>" in html
    assert "Beta Foods" in html
    # Another workspace has not enabled the modules: none of their widgets.
    assert widget_order(page_client("globex", "rep_n1").get("/dashboard/").get_data(as_text=True)) == CORE


@pytest.mark.app_config(CRM_PLUGINS={"shop": WidgetShop()})
def test_a_disabled_modules_widget_vanishes_and_comes_back_in_place(world, enable_plugin, page_client):
    enable_plugin("acme", "shop")
    client = page_client("acme", "rep_n1")
    client.post("/dashboard/customize", data={"order": [ANNOUNCEMENTS, REMINDERS, "shop.count", RECENT],
                                             "shown": [*CORE, "shop.count"]})
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [
        ANNOUNCEMENTS, REMINDERS, "shop.count", RECENT]
    enable_plugin("acme", "shop", enabled=False)
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == CORE
    assert "shop.count" not in client.get("/dashboard/customize").get_data(as_text=True)
    # Reordering while it is off keeps its place after the widget it followed.
    client.post("/dashboard/customize", data={"order": [RECENT, REMINDERS, ANNOUNCEMENTS], "shown": CORE})
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [RECENT, REMINDERS, ANNOUNCEMENTS]
    enable_plugin("acme", "shop")
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [
        RECENT, REMINDERS, "shop.count", ANNOUNCEMENTS]


@pytest.mark.app_config(CRM_PLUGINS={"shop": WidgetShop()})
def test_a_failing_core_widget_module_is_contained_too(world, enable_plugin, page_client, monkeypatch, caplog):
    from crm_platform.dashboard import recent_customers

    enable_plugin("acme", "shop")

    def broken(user):
        raise RuntimeError("core widget broke")

    monkeypatch.setattr(recent_customers, "widgets", broken)
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    assert widget_order(html) == [ANNOUNCEMENTS, REMINDERS, "shop.count"]
    assert "core dashboard widgets of crm_platform.dashboard.recent_customers failed" in caplog.text
