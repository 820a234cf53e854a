"""The public API for CRM plugins: import everything a plugin needs from here.

Names here are kept stable across core releases; anything else in crm_platform
is internal and may change. See docs/plugins.md for the hooks and a tutorial.
"""
import pluggy
from flask import Blueprint
from flask_babel import (
    force_locale, format_date, format_datetime, format_decimal, get_locale, get_timezone, to_user_timezone, to_utc,
)
from flask_login import current_user
from flask_login import login_required as page_login_required
from flask_smorest import Blueprint as ApiBlueprint
from markupsafe import Markup

from crm_platform.api.auth import login_required as api_login_required
from crm_platform.api.auth import allowed_first
from crm_platform.api.auth import permission_required as api_permission_required
from crm_platform.api.pagination import keyset_page, keyset_rows, unfiltered
from crm_platform.api.row_dump import RowDumper, dumped_response
from crm_platform.auth.throttle import rate_limit
from crm_platform.custom_fields.entities import CustomFieldEntity
from crm_platform.custom_fields.records import (
    custom_field_count, custom_field_values, custom_field_values_of, delete_custom_field_values,
    filter_by_custom_fields, save_custom_fields,
)
from crm_platform.custom_fields.schemas import CustomFields
from crm_platform.customers import service as _customer_service
from crm_platform.customers.forms import ACTIVITY_LABELS, local_to_utc
from crm_platform.customers.schemas import ActivitySchema as _ActivitySchema
from crm_platform.customers.conversion import (
    add_contact, add_customer, announce_customer_created, customer_duplicates, customer_sources, sales_region_names,
)
from crm_platform.extensions import db
from crm_platform.forms import field_errors, list_page, query_input
from crm_platform.hookspecs import PROJECT
from crm_platform.i18n.callers import gettext, lazy_gettext, ngettext
from crm_platform.i18n.formatting import format_money, workspace_currency
from crm_platform.identity.phones import phone_key
from crm_platform.imports.kinds import ImportField, ImportKind
from crm_platform.imports.rows import customer_source_key
from crm_platform.jobs.fairness import TooManyJobs
from crm_platform.jobs.kinds import JobContext, JobKind
from crm_platform.jobs.queue import JobKindDisabled, JobsUnavailable, active_job, enqueue
from crm_platform.jobs.schedules import Schedule
from crm_platform.menu import MenuItem
from crm_platform.models import Activity, Contact, Customer, OrgUnit, Tenant, User
from crm_platform.models.customer_keys import email_key
from crm_platform.models.base import ExactDecimal, UTCDateTime, created_at, same_tenant_fk, updated_at, utcnow
from crm_platform.modules.contributions import CustomerFilter, DashboardWidget, Panel, PluginInfo, TodaySection
from crm_platform.modules.events import ask_plugins, ask_plugins_named, can_ask
from crm_platform.modules.features import FeatureHooks
from crm_platform.modules.setup import public_view
from crm_platform.modules.state import is_enabled, plugin_settings, save_plugin_settings
from crm_platform.numbering import document_number, next_sequence_value
from crm_platform.roles import Role, has_permission, require_permission, role_scope
from crm_platform.roles import permission_required as page_permission_required
from crm_platform.schemas import BaseSchema, Month, Places, QuerySchema, page_schema
from crm_platform.rls.policies import disable_tenant_rls, enable_tenant_rls
from crm_platform.security_headers import embeddable
from crm_platform.tenancy import TenantScoped, current_tenant_id, current_tenant_param, tenant_scope, unscoped
from crm_platform.visibility import (
    BoundViewer, can_manage_customer, can_see_customer, customer_criterion, customer_manage_criterion,
    customer_record_criterion, customer_record_or_404, unit_subtree_ids, users_in_unit_subtree,
    visible_customer_or_404, work_owner_criterion,
)
from crm_platform.mail.outbound import public_url, send_email
from crm_platform.redirects import local_next
from crm_platform.charts import ChartSchema, ChartSeriesSchema
from crm_platform.calendar.business_time import BusinessCalendar, NoWorkingTime, merge_intervals
from crm_platform.calendar.holidays import HolidayDataMissing
from crm_platform.attachments.uploads import (
    StoredFile, forget_stored_file, send_stored_file, store_upload, upload_view,
)
from crm_platform.workspace.clock import workspace_calendar, workspace_now, workspace_timezone, workspace_today
from crm_platform.jobs.on_commit import enqueue_on_commit
from crm_platform.i18n.selection import reader_locale as _reader_locale
from crm_platform.models.calendar import TimeOff
from crm_platform.tables import MIMETYPES as TABLE_MIMETYPES, open_table
from crm_platform.customers.export import escape_cell
from crm_platform.sql_aggregates import sorted_text_array

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Decorate a plugin's hook implementations with ``@hookimpl``."""
hookspec = pluggy.HookspecMarker(PROJECT)
"""Decorate the hookspecs a plugin declares for others (returned by its ``crm_hookspecs``) with ``@hookspec``."""


__all__ = [
    "Activity", "ApiBlueprint", "BaseSchema", "Blueprint", "Contact", "Customer", "CustomFieldEntity",
    "CustomFields", "ExactDecimal", "JobContext", "JobKind", "JobKindDisabled", "JobsUnavailable", "Markup", "MenuItem", "OrgUnit",
    "Month", "Panel", "Places", "PluginInfo", "QuerySchema", "TodaySection", "Role", "Schedule", "Tenant", "TenantScoped", "User", "UTCDateTime",
    "allowed_first", "api_login_required", "api_permission_required", "can_manage_customer", "can_see_customer", "created_at",
    "current_tenant_id", "current_user", "custom_field_values", "customer_criterion", "customer_record_or_404", "db",
    "delete_custom_field_values", "enqueue", "filter_by_custom_fields", "gettext", "has_permission", "hookimpl",
    "is_enabled", "keyset_page", "lazy_gettext", "page_login_required", "page_permission_required", "page_schema",
    "plugin_settings", "require_permission", "same_tenant_fk", "save_custom_fields", "tenant_scope", "unscoped",
    "updated_at", "utcnow", "visible_customer_or_404", "workspace_now", "workspace_timezone", "workspace_today",
    # Language, time zones and formatting (docs/plugins.md, Translations and formatting).
    "force_locale", "format_date", "format_datetime", "format_decimal", "format_money", "get_locale", "get_timezone", "ngettext",
    "to_user_timezone", "to_utc", "workspace_currency",
    # Visibility beyond customers (docs/plugins.md, Visibility of your records).
    "customer_manage_criterion", "customer_record_criterion", "unit_subtree_ids", "users_in_unit_subtree",
    "work_owner_criterion",
    # Imports of the plugin's records through crm_import_kinds, and the core's duplicate keys (docs/imports.md).
    "ImportField", "ImportKind", "customer_source_key", "email_key", "phone_key",
    # Row-level security on a plugin's tables, in its migrations (docs/plugins.md, Migrations).
    "disable_tenant_rls", "enable_tenant_rls",
    # SQL fixed at mapping time pinned to the reader's tenant (docs/architecture.md, Routing by tenant).
    "current_tenant_param",
    # Contact records on the customer's timeline, and form errors shown the core's way (docs/plugins.md, the SDK).
    "ACTIVITY_LABELS", "field_errors", "log_customer_activity",
    # Modules asking each other, public pages, role scopes and making customers from records (docs/plugins.md).
    "hookspec", "ask_plugins", "public_view", "embeddable", "rate_limit", "role_scope", "customer_duplicates",
    "add_customer", "add_contact", "announce_customer_created", "customer_sources", "sales_region_names",
    # The workspace business calendar: working hours, holidays, time off, business minutes (docs/calendar.md).
    "BusinessCalendar", "HolidayDataMissing", "NoWorkingTime", "workspace_calendar",
    # Mail from a plugin's own jobs, links in it, and safe "next" targets of forms (docs/plugins.md, the SDK).
    "send_email", "public_url", "local_next",
    # List pages: filters from the query string, and a keyset page or the problem to show (docs/plugins.md, the SDK).
    "query_input", "list_page",
    # Per-workspace sequences and document numbers shared by every module (docs/plugins.md, the SDK).
    "document_number", "next_sequence_value",
    # Charts: the data shape of an endpoint that feeds a chart and its table (docs/plugins.md, Charts).
    "ChartSchema", "ChartSeriesSchema",
    # Jobs started inside another transaction (a signal receiver), and the language to write to a reader in.
    "enqueue_on_commit", "reader_locale",
    # A job refused because the workspace has as many unfinished jobs as it may (429; docs/jobs.md, Fair jobs).
    "TooManyJobs",
    # Files attached to a plugin's records, checked and stored as the core's customer attachments (docs/plugins.md).
    "StoredFile", "store_upload", "upload_view", "send_stored_file", "forget_stored_file",
    # People's time off (the core's table `time_off`), read-only for plugins: whose day is blocked (docs/calendar.md).
    "TimeOff",
    # Answers of other plugins with the name of the plugin that gave each (a factor says whose it is).
    "ask_plugins_named",
    # Time helpers the core's own forms and calendar use: a form's datetime-local value, unions of intervals.
    "local_to_utc", "merge_intervals",
    # Boxes of the home dashboard (crm_dashboard_widgets; docs/plugins.md, Dashboard widgets).
    "DashboardWidget",
    # Tables people download as CSV or .xlsx, cells escaped against formula injection (docs/plugins.md, the SDK).
    "open_table", "escape_cell", "TABLE_MIMETYPES",
    # A module's own settings page saving them as the Modules page does; one job of a kind at a time.
    "save_plugin_settings", "active_job",
    # Filters a module adds to the core customer list, its API, exports and bulk actions (crm_customer_filters).
    "CustomerFilter",
    # One hooks.py per feature package, asked together by the plugin's @hookimpl functions (docs/plugins.md).
    "FeatureHooks",
    # Lists and boards read lean: a page of columns in one statement, dumped by a plan of the schema (docs/plugins.md).
    "keyset_rows", "RowDumper", "dumped_response", "sorted_text_array", "custom_field_values_of",
    "custom_field_count", "BoundViewer", "unfiltered",
]


def log_customer_activity(user, customer, kind, outcome=None, subject=None, occurred_at=None):
    """Log a done call, visit, email or meeting by `user` on `customer`'s timeline through the core (committed).

    `customer` is one `user` may see (look it up with `visible_customer_or_404`).
    The values are validated as the core's own API does (marshmallow's
    ValidationError for a bad kind); the core's service keeps the customer's
    last-contacted date in step. `occurred_at` (aware) defaults to now.
    """
    data = _ActivitySchema().load({"kind": kind, "status": "done", "outcome": outcome, "subject": subject,
                                   "occurred_at": (occurred_at or utcnow()).isoformat()})
    return _customer_service.log_activity(user, customer, data)


def reader_locale(user=None):
    """The language ("zh_CN" or "en") to write in for `user`: theirs, else the workspace's, else English.

    For mail built in a job and for public pages (a survey's visitor has no
    account): `with force_locale(reader_locale(user)):`. Needs a tenant in scope.
    """
    return _reader_locale(user, current_tenant_id())
