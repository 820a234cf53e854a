"""What the leads feature adds through the module's hooks (plugin.py gathers these functions)."""
from sqlalchemy import update

from crm_platform.sdk import MenuItem, db, lazy_gettext as _l

from plugins.sales_automation.leads.assignment import follow_dispatch
from plugins.sales_automation.models import Lead


def menu_items(user):
    """The Leads entry of the main menu, for everyone (each sees their own leads)."""
    return [MenuItem(_l("Leads"), "sales_leads.index")]


def customers_merged(kept, merged_id):
    """Leads converted into the merged customer now point at the customer kept."""
    db.session.execute(update(Lead).where(Lead.customer_id == merged_id).values(customer_id=kept.id),
                       execution_options={"synchronize_session": "fetch"})


def dispatch_task_changed(kind, record_id, task_id, status, assignee_id):
    """A lead's task on the dispatch board was assigned: an open lead's owner follows (assignment.py)."""
    follow_dispatch(kind, record_id, status, assignee_id)
