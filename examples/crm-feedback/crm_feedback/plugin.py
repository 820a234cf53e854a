"""The plugin's hooks: what it adds to the CRM. Everything else lives in the modules they name."""
import os

from flask import render_template
from markupsafe import Markup

from crm_platform.sdk import MenuItem, Panel, PluginInfo, Role, gettext as _, hookimpl, lazy_gettext as _l

from crm_feedback import api, cli, jobs, notes, views
from crm_feedback.schemas import FeedbackSettingsSchema


@hookimpl
def crm_plugin_info():
    """Name and describe the plugin for the admin page and `crm plugins`."""
    return PluginInfo(label=_l("Customer feedback"),
                      description=_l("Rate customers and keep notes of what they said."))


@hookimpl
def crm_blueprints():
    """The feedback pages and the notes API."""
    return [views.bp, api.blp]


@hookimpl
def crm_roles():
    """A role for people who moderate feedback: sees their own customers, may delete any note."""
    return [Role("feedback_reviewer", _l("Feedback reviewer"), "own", frozenset({notes.REVIEW}))]


@hookimpl
def crm_permissions():
    """Managers, executives and admins may moderate feedback too."""
    return {notes.REVIEW: ["manager", "executive", "admin"]}


@hookimpl
def crm_settings_schema():
    """The welcome note and the rating that calls for attention, per workspace."""
    return FeedbackSettingsSchema


@hookimpl
def crm_migrations_dir():
    """The plugin's own Alembic branch, `crm_feedback`."""
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def crm_translations_dir():
    """The plugin's catalogues (zh_CN), compiled when the package is installed."""
    return os.path.join(os.path.dirname(__file__), "translations")


@hookimpl
def crm_cli_commands():
    """`crm feedback-stats`."""
    return [cli.feedback_stats]


@hookimpl
def crm_job_kinds():
    """The daily feedback digest."""
    return jobs.KINDS


@hookimpl
def crm_schedules():
    """The digest runs every morning at 07:00, each workspace's local time."""
    return jobs.SCHEDULES


@hookimpl
def crm_menu_items():
    """A "Feedback" entry in the main menu."""
    return [MenuItem(_l("Feedback"), "crm_feedback.index")]


@hookimpl
def crm_customer_panels(customer):
    """The customer's average rating, latest notes and a form to add one."""
    latest, count, average = notes.customer_summary(customer.id)
    html = render_template("crm_feedback/panel.html", customer=customer, latest=latest, count=count,
                           average=average, alert_at=notes.settings()["min_rating_alert"])
    return [Panel(_("Feedback"), Markup(html))]


@hookimpl
def crm_customer_created(customer):
    """Give every new customer the workspace's welcome note, if it set one."""
    notes.add_welcome_note(customer)


@hookimpl
def crm_customers_merged(kept, merged_id):
    """The duplicate's notes go to the customer kept, before the duplicate is deleted."""
    notes.move_notes(merged_id, kept.id)
