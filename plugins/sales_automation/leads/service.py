"""Creating leads: every way in (pages, API, import, the web form) goes through `create_lead`."""
from sqlalchemy import select

from crm_platform.sdk import db, work_owner_criterion

from plugins.sales_automation.models import Lead

LEAD_FIELDS = ("name", "company", "title", "email", "phone", "region", "source", "notes", "owner_id")
"""The fields a new lead takes from its creator (validated by the caller's schema)."""


def lead_criterion(user):
    """The WHERE clause selecting the leads `user` may see: by owner, in the core's scopes."""
    return work_owner_criterion(user, Lead.owner_id)


def create_lead(data, actor_id=None):
    """A new lead from validated `data` (LEAD_FIELDS), added to the session and flushed, not committed.

    A lead with no owner is given one by the workspace's assignment rule.
    """
    lead = Lead(**{key: data.get(key) for key in LEAD_FIELDS}, status="new", created_by_id=actor_id)
    db.session.add(lead)
    db.session.flush()
    return lead


def lead_or_none(user, lead_id):
    """The lead if `user` may see it, else None."""
    return db.session.scalar(select(Lead).where(Lead.id == lead_id, lead_criterion(user)))
