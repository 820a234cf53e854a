"""The workspace's public web-to-lead forms: managing them, and what a visitor's post does.

A form is found by its token alone (unguessable, unique across workspaces); the
visitor's post enters that form's workspace and creates a lead there. A honeypot
field and a throttle per client address and form keep robots out.
"""
import secrets

from flask import abort
from sqlalchemy import select

from crm_platform.sdk import db, is_enabled, rate_limit, unscoped

from plugins.sales_automation.leads.service import create_lead
from plugins.sales_automation.models import LeadForm
from plugins.sales_automation.settings import NAME

HONEYPOT = "website"
"""The hidden field people leave empty and robots fill in."""
POSTS_PER_ADDRESS = "10/hour"
"""Posts one client address may make to one form."""
FORM_FIELDS = ("name", "source", "owner_id", "thank_you")


def new_token():
    """An unguessable token for a form's public URL."""
    return secrets.token_urlsafe(32)


def forms():
    """The workspace's forms, newest first."""
    return db.session.scalars(select(LeadForm).order_by(LeadForm.created_at.desc(), LeadForm.id.desc())).all()


def row_or_404(model, row_id):
    """The workspace's `model` row (a form, an assignee) with this id; otherwise the same 404 as a missing one."""
    row = db.session.scalar(select(model).where(model.id == row_id))
    if row is None:
        abort(404)
    return row


def form_or_404(form_id):
    """The workspace's form with this id; otherwise the same 404 as a missing one."""
    return row_or_404(LeadForm, form_id)


def create_form(data):
    """A new active form from validated `data` with a fresh token; not committed."""
    form = LeadForm(**{key: data.get(key) for key in FORM_FIELDS}, token=new_token(), active=True)
    db.session.add(form)
    db.session.flush()
    return form


def update_form(form, data):
    """Change a form's name, source, default owner, thank-you text or active flag; not committed."""
    for key in (*FORM_FIELDS, "active"):
        if key in data:
            setattr(form, key, data[key])
    return form


def regenerate_token(form):
    """Give the form a new token: the old URL (and every page embedding it) stops working; not committed."""
    form.token = new_token()
    return form


def public_form_tenant(token):
    """The tenant id of the active form with `token`; 404 for an unknown or inactive token."""
    with unscoped("web-to-lead form: find the form's workspace by its token", routine=True):
        row = db.session.execute(select(LeadForm.tenant_id, LeadForm.active).where(LeadForm.token == token)).first()
    if row is None or not row.active:
        abort(404)
    return row.tenant_id


def public_form(token):
    """In the form's workspace scope: the active form with `token`, or 404 (also where the module is off)."""
    form = db.session.scalar(select(LeadForm).where(LeadForm.token == token, LeadForm.active.is_(True)))
    if form is None or not is_enabled(NAME):
        abort(404)
    return form


def throttled(form, address):
    """True when `address` has posted to `form` too often (POSTS_PER_ADDRESS); counts this post otherwise."""
    return not rate_limit(POSTS_PER_ADDRESS, "sales-lead-form", form.id, address or "unknown").allowed


def submit(form, data):
    """A lead from a visitor's validated `data` on `form`: the form's source, its owner unless the rule gives one."""
    lead = create_lead({**data, "source": form.source, "owner_id": None}, fallback_owner_id=form.owner_id)
    db.session.commit()
    return lead

