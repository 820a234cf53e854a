"""The module's hooks: what it adds to the CRM. Everything else lives in the feature packages they name."""
import os

from crm_platform.sdk import FeatureHooks, PluginInfo, hookimpl, lazy_gettext as _l

# The models are imported with the plugin so that its tables are mapped (and migrated) even before a feature uses them.
from plugins.customer_insights import demo, models, permissions  # noqa: F401  (models: mapped on import)
from plugins.customer_insights.customers import api as customers_api, hooks as customers_hooks
from plugins.customer_insights.customers import views as customers_views
from plugins.customer_insights.overview import api as overview_api, hooks as overview_hooks
from plugins.customer_insights.overview import views as overview_views
from plugins.customer_insights.purchases import api as purchases_api, hooks as purchases_hooks
from plugins.customer_insights.purchases import views as purchases_views
from plugins.customer_insights.referrals import api as referrals_api, hooks as referrals_hooks
from plugins.customer_insights.referrals import views as referrals_views
from plugins.customer_insights.rules import api as rules_api, hooks as rules_hooks, views as rules_views
from plugins.customer_insights.runs import api as runs_api, hooks as runs_hooks, views as runs_views
from plugins.customer_insights.settings import InsightsSettingsSchema

BLUEPRINTS = (overview_views.bp, overview_api.blp, customers_views.bp, customers_api.blp, purchases_views.bp,
              purchases_api.blp, referrals_views.bp, referrals_api.blp, runs_views.bp, runs_api.blp, rules_views.bp,
              rules_api.blp)
# Each feature's hooks.py answers the hooks for its own part (menu, panels, jobs, filters); these gather them.
FEATURES = FeatureHooks(overview_hooks, customers_hooks, purchases_hooks, referrals_hooks, runs_hooks, rules_hooks)



@hookimpl
def crm_plugin_info():
    """Name and describe the module for the admin page and `crm plugins`."""
    return PluginInfo(label=_l("Customer insights"),
                      description=_l("Purchase history, ABC classes, RFM segments, the loyalty pyramid with its "
                                     "service strategies, lifetime value and churn risk, for the customers each "
                                     "person may see."))


@hookimpl
def crm_blueprints():
    """Every feature's pages and API."""
    return list(BLUEPRINTS)


@hookimpl
def crm_permissions():
    """Who changes the rules and starts a computation, and who records purchases."""
    return permissions.GRANTS


@hookimpl
def crm_settings_schema():
    """Period, thresholds, segment and layer rules, lifetime value's horizon, each layer's strategy."""
    return InsightsSettingsSchema


@hookimpl
def crm_migrations_dir():
    """The module's own Alembic branch, `customer_insights`."""
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def crm_translations_dir():
    """The module's catalogues (zh_CN), compiled when the package is installed."""
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl(trylast=True)  # after the other modules' demos, so the computation counts the service's complaints
def crm_demo_data(seed, chinese, echo):
    """Years of purchases shaped so every layer has customers, referrals, monthly snapshots, one computation."""
    demo.fill(seed, chinese, echo)


@hookimpl
def crm_job_kinds():
    """The module's background jobs."""
    return FEATURES.gather("job_kinds")


@hookimpl
def crm_import_kinds():
    """Purchase history from CSV and .xlsx through the core's import flow."""
    return FEATURES.gather("import_kinds")


@hookimpl
def crm_schedules():
    """The nightly computation (with the month's snapshot when a month has ended), each workspace's local time."""
    return FEATURES.gather("schedules")


@hookimpl
def crm_menu_items(user):
    """The module's entries in the main menu."""
    return FEATURES.gather("menu_items", user)


@hookimpl
def crm_customer_panels(customer, user):
    """The customer's value (class, RFM, layer and strategy, CLV) and purchases and referrals."""
    return FEATURES.gather("customer_panels", customer, user)


@hookimpl
def crm_customer_filters(user):
    """Filters of the core customer list by ABC class, RFM segment and loyalty layer."""
    return FEATURES.gather("customer_filters", user)


@hookimpl
def crm_dashboard_widgets(user):
    """The module's widgets on the home dashboard."""
    return FEATURES.gather("dashboard_widgets", user)


@hookimpl
def crm_customers_merged(kept, merged_id):
    """The duplicate's purchases, referrals and number go to the customer kept; its figures wait for the next run."""
    FEATURES.tell("customers_merged", kept, merged_id)


@hookimpl(optionalhook=True)
def sales_automation_payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number):
    """A payment recorded in sales is a purchase of its customer, once (kept when sales is not installed)."""
    purchases_hooks.payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number)


@hookimpl(optionalhook=True)
def sales_automation_payment_deleted(payment_id):
    """A payment deleted in sales takes its purchase with it (kept when sales is not installed)."""
    purchases_hooks.payment_deleted(payment_id)
