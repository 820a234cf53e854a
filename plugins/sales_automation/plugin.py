"""The module's hooks: what it adds to the CRM. Everything else lives in the feature packages they name."""
import os

from crm_platform.sdk import FeatureHooks, PluginInfo, hookimpl, lazy_gettext as _l

# The models are imported with the plugin so that its tables are mapped (and migrated) even before a feature uses them.
from plugins.sales_automation import demo, models, permissions, retention  # noqa: F401  (models: mapped on import)
from plugins.sales_automation.competitors import api as competitors_api, hooks as competitors_hooks
from plugins.sales_automation.competitors import views as competitors_views
from plugins.sales_automation.contracts import api as contracts_api, hooks as contracts_hooks
from plugins.sales_automation.contracts import views as contracts_views
from plugins.sales_automation.forecast import api as forecast_api, hooks as forecast_hooks
from plugins.sales_automation.forecast import views as forecast_views
from plugins.sales_automation.hookspecs import SalesSpecs
from plugins.sales_automation.leads import api as leads_api, hooks as leads_hooks, views as leads_views
from plugins.sales_automation.leads import public as leads_public
from plugins.sales_automation.payments import api as payments_api, hooks as payments_hooks
from plugins.sales_automation.payments import views as payments_views
from plugins.sales_automation.pipelines import api as pipelines_api, hooks as pipelines_hooks
from plugins.sales_automation.pipelines import views as pipelines_views
from plugins.sales_automation.quotas import api as quotas_api, hooks as quotas_hooks, views as quotas_views
from plugins.sales_automation.quotes import api as quotes_api, hooks as quotes_hooks, views as quotes_views
from plugins.sales_automation.report_email import api as report_email_api, hooks as report_email_hooks
from plugins.sales_automation.report_email import views as report_email_views
from plugins.sales_automation.reports import api as reports_api, hooks as reports_hooks, views as reports_views
from plugins.sales_automation.settings import SalesSettingsSchema
from plugins.sales_automation.todos import api as todos_api, hooks as todos_hooks, views as todos_views

BLUEPRINTS = (leads_views.bp, leads_api.blp, leads_public.bp, pipelines_views.bp, pipelines_api.blp,
              competitors_views.bp, competitors_api.blp, todos_views.bp, todos_api.blp, quotes_views.bp, quotes_api.blp,
              contracts_views.bp, contracts_api.blp, payments_views.bp, payments_api.blp, forecast_views.bp,
              forecast_api.blp, quotas_views.bp, quotas_api.blp, reports_views.bp, reports_api.blp,
              report_email_views.bp, report_email_api.blp)
# Each feature's hooks.py answers the hooks for its own part (panels, Today, merges, jobs); these gather them.
FEATURES = FeatureHooks(leads_hooks, pipelines_hooks, competitors_hooks, todos_hooks, quotes_hooks, contracts_hooks,
                 payments_hooks, forecast_hooks, quotas_hooks, reports_hooks, report_email_hooks)



@hookimpl
def crm_plugin_info():
    """Name and describe the module for the admin page and `crm plugins`."""
    return PluginInfo(label=_l("Sales automation"),
                      description=_l("Leads, opportunities on Kanban pipelines, competitors, quotes, contracts "
                                     "and the collection of their payments."))


@hookimpl
def crm_hookspecs():
    """The events the module offers other plugins: a payment recorded, a payment deleted."""
    return SalesSpecs


@hookimpl
def crm_blueprints():
    """Every feature's pages and API."""
    return list(BLUEPRINTS)


@hookimpl
def crm_roles():
    """Finance: sees every contract and records payments."""
    return [permissions.FINANCE]


@hookimpl
def crm_permissions():
    """Who configures pipelines, keeps the competitor file and records payments."""
    return permissions.GRANTS


@hookimpl
def crm_settings_schema():
    """Lead assignment, document numbering, tax and collection reminders, per workspace."""
    return SalesSettingsSchema


@hookimpl
def crm_migrations_dir():
    """The module's own Alembic branch, `sales_automation`."""
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def crm_translations_dir():
    """The module's catalogues (zh_CN), compiled when the package is installed."""
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl
def crm_demo_data(seed, chinese, echo):
    """Leads, opportunities in every stage, competitors, to-dos, quotes, contracts and payments for `crm demo`."""
    demo.fill(seed, chinese, echo)


@hookimpl
def crm_job_kinds():
    """The module's background jobs (collection reminders)."""
    return FEATURES.gather("job_kinds")


@hookimpl
def crm_import_kinds():
    """Leads, through the core's import flow (upload, map, preview, checkpointed job)."""
    from plugins.sales_automation.leads.import_kind import import_kinds  # here: one hook, no other line to merge

    return import_kinds()


@hookimpl
def crm_schedules():
    """The module's daily schedules, each workspace's local time."""
    return FEATURES.gather("schedules")


@hookimpl
def crm_menu_items(user):
    """The module's entries in the main menu."""
    return FEATURES.gather("menu_items", user)


@hookimpl
def crm_customer_panels(customer, user):
    """The customer's open opportunities, contracts and outstanding balance."""
    return FEATURES.gather("customer_panels", customer, user)


@hookimpl
def crm_today_sections(user, today):
    """The user's to-dos and collections on the Today page."""
    return FEATURES.gather("today_sections", user, today)


@hookimpl
def crm_dashboard_widgets(user):
    """My pipeline, forecast against quota and overdue collections on the home dashboard."""
    return FEATURES.gather("dashboard_widgets", user)


@hookimpl
def crm_customer_delete_blockers(customer):
    """A customer with contracts is kept, even while the module is off: contracts are the company's books."""
    return retention.delete_blockers(customer)


@hookimpl
def crm_customers_merged(kept, merged_id):
    """The duplicate's leads, opportunities, to-dos, quotes and contracts go to the customer kept."""
    FEATURES.tell("customers_merged", kept, merged_id)


@hookimpl(optionalhook=True)
def task_dispatch_task_changed(kind, record_id, task_id, status, assignee_id):
    """A lead's dispatch task moved: the owner follows an assignment (kept when task dispatch is not installed)."""
    FEATURES.tell("dispatch_task_changed", kind, record_id, task_id, status, assignee_id)
