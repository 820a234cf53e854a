"""The module's hooks: what it adds to the CRM. Everything else lives in the feature packages they name."""
import os

from crm_platform.sdk import FeatureHooks, PluginInfo, hookimpl, lazy_gettext as _l

# The models are imported with the plugin so that its tables are mapped (and migrated) even before a feature uses them.
from plugins.service_support import demo, models, permissions  # noqa: F401  (models: mapped on import)
from plugins.service_support.dispatch import api as dispatch_api, hooks as dispatch_hooks, views as dispatch_views
from plugins.service_support.followups import api as followups_api, hooks as followups_hooks
from plugins.service_support.followups import views as followups_views
from plugins.service_support.hookspecs import ServiceSpecs
from plugins.service_support.knowledge import api as knowledge_api, hooks as knowledge_hooks
from plugins.service_support.knowledge import views as knowledge_views
from plugins.service_support.metrics import api as metrics_api, hooks as metrics_hooks, views as metrics_views
from plugins.service_support.requirements import api as requirements_api, hooks as requirements_hooks
from plugins.service_support.requirements import views as requirements_views
from plugins.service_support.settings import ServiceSettingsSchema
from plugins.service_support.sla import api as sla_api, hooks as sla_hooks, views as sla_views
from plugins.service_support.surveys import api as surveys_api, hooks as surveys_hooks, views as surveys_views
from plugins.service_support.surveys import public as surveys_public
from plugins.service_support.tickets import api as tickets_api, hooks as tickets_hooks, views as tickets_views
from plugins.service_support.tickets import service as tickets_service

BLUEPRINTS = (tickets_views.bp, tickets_api.blp, sla_views.bp, sla_api.blp, followups_views.bp, followups_api.blp,
              surveys_views.bp, surveys_api.blp, requirements_views.bp, requirements_api.blp, knowledge_views.bp,
              knowledge_api.blp, metrics_views.bp, metrics_api.blp, dispatch_views.bp, dispatch_api.blp)
# The public survey page: no sign-in, its link's token finds the workspace (surveys/public.py).
BLUEPRINTS += (surveys_public.bp,)
# Each feature's hooks.py answers the hooks for its own part (panels, Today, merges, jobs); these gather them.
FEATURES = FeatureHooks(tickets_hooks, sla_hooks, followups_hooks, surveys_hooks, requirements_hooks, knowledge_hooks,
                 metrics_hooks, dispatch_hooks)



@hookimpl
def crm_plugin_info():
    """Name and describe the module for the admin page and `crm plugins`."""
    return PluginInfo(label=_l("Service support"),
                      description=_l("Tickets with SLA clocks on the working calendar, return visits after "
                                     "complaints, satisfaction surveys, requirements and a knowledge base."))


@hookimpl
def crm_hookspecs():
    """The requests the module answers for other plugins: each customer's open complaints."""
    return ServiceSpecs


@hookimpl
def service_support_open_complaints():
    """{customer id: open complaint tickets} of the workspace (resolved and closed ones left out)."""
    return tickets_service.open_complaints()


@hookimpl
def crm_blueprints():
    """Every feature's pages and API."""
    return list(BLUEPRINTS)


@hookimpl
def crm_roles():
    """Service agent: sees every customer, works tickets, keeps the knowledge base."""
    return [permissions.AGENT]


@hookimpl
def crm_permissions():
    """Who configures SLA policies, keeps the knowledge base and sees the service metrics."""
    return permissions.GRANTS


@hookimpl
def crm_settings_schema():
    """Ticket numbers, reopening, return visits, surveys and dispatch, per workspace."""
    return ServiceSettingsSchema


@hookimpl
def crm_migrations_dir():
    """The module's own Alembic branch, `service_support`."""
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def crm_translations_dir():
    """The module's catalogues (zh_CN), compiled when the package is installed."""
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl
def crm_demo_data(seed, chinese, echo):
    """SLA policies, a knowledge base, tickets in every status with their visits and surveys, requirements."""
    demo.fill(seed, chinese, echo)


@hookimpl
def crm_job_kinds():
    """The module's background jobs (reply and survey mail, the SLA scan, notifications)."""
    return FEATURES.gather("job_kinds")


@hookimpl
def crm_schedules():
    """The module's schedules (the SLA scan, closing resolved tickets), each workspace's local time."""
    return FEATURES.gather("schedules")


@hookimpl
def crm_menu_items(user):
    """The module's entries in the main menu."""
    return FEATURES.gather("menu_items", user)


@hookimpl
def crm_customer_panels(customer, user):
    """The customer's tickets, return visits and requirements."""
    return FEATURES.gather("customer_panels", customer, user)


@hookimpl
def crm_today_sections(user, today):
    """The user's tickets near a breach, return visits due and requirements to review, on the Today page."""
    return FEATURES.gather("today_sections", user, today)


@hookimpl
def crm_dashboard_widgets(user):
    """The module's widgets on the home dashboard (the user's tickets)."""
    return FEATURES.gather("dashboard_widgets", user)


@hookimpl
def crm_customers_merged(kept, merged_id):
    """The duplicate's tickets, return visits, surveys and requirement votes go to the customer kept."""
    FEATURES.tell("customers_merged", kept, merged_id)


@hookimpl
def crm_customer_stored_files(customer_ids):
    """The files of the tickets deleted with these customers (by cascade), removed once the delete commits."""
    return FEATURES.gather("customer_stored_files", customer_ids)


@hookimpl(optionalhook=True)
def task_dispatch_task_changed(kind, record_id, task_id, status, assignee_id):
    """A ticket's dispatch task was assigned, started, done or cancelled (kept when task dispatch is not installed)."""
    FEATURES.tell("dispatch_task_changed", kind, record_id, task_id, status, assignee_id)
