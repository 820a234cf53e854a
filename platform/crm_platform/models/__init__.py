"""The core's tables. Tenant-owned models mix in TenantScoped."""
from crm_platform.models.attachments import CustomerAttachment
from crm_platform.models.audit import AuditEntry
from crm_platform.models.auth import ApiToken, LoginSession
from crm_platform.models.calendar import CalendarDay, TimeOff
from crm_platform.models.collaboration import Announcement, AnnouncementRead, WorkLog, WorkLogComment
from crm_platform.models.customers import Activity, Contact, Customer, CustomerShare, CustomerTag
from crm_platform.models.custom_fields import CustomFieldDefinition, CustomFieldValue
from crm_platform.models.dashboard import DashboardLayout
from crm_platform.models.imports import ImportBatch, ImportRowError
from crm_platform.models.jobs import Job
from crm_platform.models.modules import TenantModule
from crm_platform.models.org import OrgUnit, User
from crm_platform.models.pool import PoolMove
from crm_platform.models.reminders import Reminder
from crm_platform.models.schedules import ScheduleRun
from crm_platform.models.sequences import Sequence
from crm_platform.models.tenant import Tenant
# Same-tenant keys declared ON DELETE SET NULL keep their tenant_id (a listener on every model).
from crm_platform.models import references  # noqa: F401,E402

__all__ = [
    "Activity", "Announcement", "AnnouncementRead", "ApiToken", "DashboardLayout", "WorkLog", "WorkLogComment", "AuditEntry", "CalendarDay", "Contact", "CustomFieldDefinition", "CustomFieldValue", "Customer",
    "CustomerAttachment", "CustomerShare", "CustomerTag", "ImportBatch", "ImportRowError", "Job", "LoginSession",
    "OrgUnit", "PoolMove", "Reminder", "ScheduleRun", "Sequence",
    "Tenant", "TenantModule", "TimeOff", "User",
]
