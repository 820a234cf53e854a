"""The module's hooks: what it adds to the CRM. Everything else lives in the feature packages they name."""
import os

from crm_platform.sdk import FeatureHooks, PluginInfo, hookimpl, lazy_gettext as _l

# The models are imported with the plugin so that its tables are mapped (and migrated) even before a feature uses them.
from plugins.task_dispatch import demo, models, permissions  # noqa: F401  (models: mapped on import)
from plugins.task_dispatch.assign import api as assign_api, hooks as assign_hooks, views as assign_views
from plugins.task_dispatch.batch import api as batch_api, hooks as batch_hooks, views as batch_views
from plugins.task_dispatch.board import api as board_api, hooks as board_hooks, views as board_views
from plugins.task_dispatch.catalogue import api as catalogue_api, hooks as catalogue_hooks
from plugins.task_dispatch.catalogue import views as catalogue_views
from plugins.task_dispatch.hookspecs import DispatchSpecs
from plugins.task_dispatch.policy import api as policy_api, hooks as policy_hooks, views as policy_views
from plugins.task_dispatch.profiles import api as profiles_api, hooks as profiles_hooks
from plugins.task_dispatch.profiles import views as profiles_views
from plugins.task_dispatch.settings import DispatchSettingsSchema
from plugins.task_dispatch.tasks import api as tasks_api, hooks as tasks_hooks, views as tasks_views

BLUEPRINTS = (tasks_views.bp, tasks_api.blp, assign_views.bp, assign_api.blp, batch_views.bp, batch_api.blp,
              board_views.bp, board_api.blp, profiles_views.bp, profiles_api.blp, catalogue_views.bp,
              catalogue_api.blp, policy_views.bp, policy_api.blp)
# Each feature's hooks.py answers the hooks for its own part (menu, panels, Today, jobs); these gather them.
FEATURES = FeatureHooks(tasks_hooks, assign_hooks, batch_hooks, board_hooks, profiles_hooks, catalogue_hooks, policy_hooks)



@hookimpl
def crm_plugin_info():
    """Name and describe the module for the admin page and `crm plugins`."""
    return PluginInfo(label=_l("Task dispatch"),
                      description=_l("Employee profiles with skills and resources; each task goes to the best-suited "
                                     "person by an explained, audited score, one at a time or optimised in batches."))


@hookimpl
def crm_hookspecs():
    """The requests the module offers other plugins: dispatch a record, hear back, add factors and rules."""
    return DispatchSpecs


@hookimpl
def crm_blueprints():
    """Every feature's pages and API."""
    return list(BLUEPRINTS)


@hookimpl
def crm_roles():
    """Dispatcher: sees every customer and task, assigns and batch-optimises."""
    return [permissions.DISPATCHER]


@hookimpl
def crm_permissions():
    """Who configures the policy and catalogues, dispatches, and edits profiles."""
    return permissions.GRANTS


@hookimpl
def crm_settings_schema():
    """Task numbers, the default capacity, how many candidates are shown, per workspace."""
    return DispatchSettingsSchema


@hookimpl
def crm_migrations_dir():
    """The module's own Alembic branch, `task_dispatch`."""
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def crm_translations_dir():
    """The module's catalogues (zh_CN), compiled when the package is installed."""
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl
def crm_demo_data(seed, chinese, echo):
    """Skills and resources, technicians with profiles, open and finished tasks with their assignments."""
    demo.fill(seed, chinese, echo)


@hookimpl
def crm_job_kinds():
    """The module's background jobs."""
    return FEATURES.gather("job_kinds")


@hookimpl
def crm_schedules():
    """The module's schedules, each workspace's local time."""
    return FEATURES.gather("schedules")


@hookimpl
def crm_menu_items(user):
    """The module's entries in the main menu."""
    return FEATURES.gather("menu_items", user)


@hookimpl
def crm_customer_panels(customer, user):
    """The customer's tasks, and its preferred and excluded people."""
    return FEATURES.gather("customer_panels", customer, user)


@hookimpl
def crm_today_sections(user, today):
    """The user's tasks due soon, on the Today page."""
    return FEATURES.gather("today_sections", user, today)


@hookimpl
def crm_dashboard_widgets(user):
    """The module's widgets on the home dashboard (the user's tasks; a dispatcher's unassigned ones)."""
    return FEATURES.gather("dashboard_widgets", user)


@hookimpl
def crm_customers_merged(kept, merged_id):
    """The duplicate's tasks and preferred/excluded people go to the customer kept."""
    FEATURES.tell("customers_merged", kept, merged_id)


@hookimpl
def task_dispatch_request(kind, record_id, title, region, customer_id, due, skills, url):
    """Make (or find) the task for another module's record, assign it as the policy says; the assignee's id or None."""
    from plugins.task_dispatch.tasks.requests import answer_request
    return answer_request(kind=kind, record_id=record_id, title=title, region=region, customer_id=customer_id,
                          due=due, skills=skills, url=url)
