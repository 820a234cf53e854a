"""Creating a workspace: the tenant, its company unit and its first admin."""
import re

from flask import has_request_context
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests

from crm_platform.auth.passwords import hash_password
from crm_platform.auth.throttle import throttle
from crm_platform.extensions import db
from crm_platform.i18n.selection import signup_settings
from crm_platform.models import OrgUnit, Tenant, User
from crm_platform.tenancy import tenant_scope, unscoped

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# Names that would be confusing or collide with our own paths and hosts.
RESERVED = {"admin", "api", "www", "app", "static", "login", "signup", "help", "support", "status"}


def check_slug(slug):
    """A field error unless `slug` is a free, well-formed workspace name; in a request, 429 past the signup throttle.

    Whether a name is taken says whether that workspace exists, so in a request
    the look-up is counted in the signup throttle first, and refused when it is
    full: "taken" is never answered where a signup would get 429. Operator tools
    (CLI, demo) are not throttled.
    """
    if not SLUG.match(slug):
        raise ValidationError({"slug": [_("Use 1-63 lowercase letters, digits and hyphens.")]})
    if slug in RESERVED:
        raise ValidationError({"slug": [_("This workspace name is reserved.")]})
    if has_request_context():
        # Reserved before the look-up, so concurrent requests cannot slip past the limit either.
        verdict = throttle.reserve_buckets(throttle.signup_buckets())
        if not verdict.allowed:
            raise TooManyRequests(_("Too many workspaces were opened from your address. Try again later."),
                                  retry_after=verdict.retry_after)
    with unscoped("signup checks that the workspace name is free", routine=True):
        if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None:
            raise ValidationError({"slug": [_("This workspace name is taken.")]})


def create_workspace(company, slug, name, email, password):
    """Create a tenant with a company unit and an admin; returns (tenant, admin).

    In a request, refused with 429 when its address has asked for too many
    well-formed workspace names lately (check_slug).
    """
    slug = slug.strip().lower()
    check_slug(slug)
    tenant = Tenant(name=company.strip(), slug=slug, settings=signup_settings())
    db.session.add(tenant)
    db.session.flush()
    with tenant_scope(tenant.id):
        root = OrgUnit(name=tenant.name, kind="company")
        db.session.add(root)
        db.session.flush()
        root.path = f"/{root.id}/"
        admin = User(name=name.strip(), email=email.strip().lower(), password_hash=hash_password(password),
                     role="admin", org_unit_id=root.id)
        db.session.add(admin)
        db.session.flush()
    return tenant, admin
