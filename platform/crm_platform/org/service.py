"""Changing the org chart and the users in it; shared by the API and the pages."""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select, update
from werkzeug.exceptions import Conflict

from crm_platform.auth.api_tokens import revoke_all
from crm_platform.auth.passwords import hash_password, unusable_password
from crm_platform.auth.sessions import end_other_sessions
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, User
from crm_platform.models.base import utcnow
from crm_platform.modules.events import emit

_USER_FIELDS = ("name", "role", "org_unit_id", "active", "locale")


def _unit(unit_id, field):
    unit = db.session.get(OrgUnit, unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise ValidationError({field: [_("No org unit with this id.")]})
    return unit


def create_unit(data):
    """Add a unit under `parent_id` (or at the top of the chart)."""
    parent = _unit(data.get("parent_id"), "parent_id")
    unit = OrgUnit(name=data["name"], kind=data.get("kind") or "team", parent_id=parent.id if parent else None)
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.commit()
    return unit


def update_unit(unit, data):
    """Rename a unit or move it (with everything below it) under another parent."""
    for key in ("name", "kind"):
        if data.get(key):
            setattr(unit, key, data[key])
    if "parent_id" in data and data["parent_id"] != unit.parent_id:
        parent = _unit(data["parent_id"], "parent_id")
        if parent is not None and parent.path.startswith(unit.path):
            raise ValidationError({"parent_id": [_("A unit cannot move below itself.")]})
        old_path = unit.path
        new_path = f"{parent.path if parent else '/'}{unit.id}/"
        unit.parent_id = parent.id if parent else None
        # Every unit below starts its path with the old one, so one UPDATE moves a subtree
        # of any size; "fetch" refreshes the units this session already holds (`unit` too).
        db.session.execute(
            update(OrgUnit).where(OrgUnit.path.startswith(old_path, autoescape=True))
            .values(path=func.replace(OrgUnit.path, old_path, new_path)),
            execution_options={"synchronize_session": "fetch"},
        )
    db.session.commit()
    return unit


def delete_blocker(sub_units, users):
    """Why a unit with this many sub-units and users cannot be deleted, or None when it can."""
    if sub_units and users:
        return _("It has sub-units and users; move them elsewhere first.")
    if sub_units:
        return _("It has sub-units; move or delete them first.")
    if users:
        return _("It has users; move them to another unit first.")
    return None


def unit_delete_blocker(unit):
    """Why `unit` cannot be deleted now, or None when it can."""
    sub_units = db.session.scalar(select(func.count(OrgUnit.id)).where(OrgUnit.parent_id == unit.id))
    users = db.session.scalar(select(func.count(User.id)).where(User.org_unit_id == unit.id))
    blocker = delete_blocker(sub_units, users)
    if blocker is None and db.session.scalar(select(func.count(Customer.id)).where(Customer.pool_unit_id == unit.id)):
        return _("Claim or assign the customers in this unit's pool first.")
    return blocker


def delete_unit(unit):
    """Delete an empty unit; one with sub-units or users is refused."""
    blocker = unit_delete_blocker(unit)
    if blocker:
        raise Conflict(blocker)
    db.session.delete(unit)
    db.session.commit()


def _email_free(email, user=None):
    taken = db.session.scalar(select(User.id).where(User.email == email))
    if taken is not None and (user is None or taken != user.id):
        raise ValidationError({"email": [_("This email is already in use in this workspace.")]})


def _keeps_an_admin(user, data):
    """Refuse the change that would leave the workspace with no active admin."""
    losing = user.role == "admin" and user.active and (
        data.get("role", "admin") != "admin" or data.get("active", True) is False)
    if not losing:
        return
    admins = db.session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True)))
    if admins <= 1:
        raise ValidationError({"role": [_("The workspace needs at least one active administrator.")]})


def create_user(data):
    """Add a user with a role and a unit; without a password they cannot sign in until invited (org/invitations.py)."""
    email = data["email"].lower()
    _email_free(email)
    _unit(data.get("org_unit_id"), "org_unit_id")
    password_hash = hash_password(data["password"]) if data.get("password") else unusable_password()
    user = User(email=email, password_hash=password_hash,
                **{k: data[k] for k in _USER_FIELDS if k in data})
    db.session.add(user)
    db.session.commit()
    emit("crm_user_created", user=user)
    return user


def update_user(user, data):
    """Change a user's details, role, unit or password; a new password or deactivation signs them out.

    A password set by an admin also revokes the user's API tokens, as an emailed
    reset does: it is how an admin takes back an account someone else got into.
    """
    _keeps_an_admin(user, data)
    if data.get("email"):
        _email_free(data["email"].lower(), user)
        user.email = data["email"].lower()
    if "org_unit_id" in data:
        _unit(data["org_unit_id"], "org_unit_id")
    was_active = user.active
    for key in _USER_FIELDS:
        if key in data and (data[key] is not None or key in ("org_unit_id", "locale")):
            setattr(user, key, data[key])
    if user.active and not was_active:
        # A new value retires the emailed links sent before the deactivation (mail/tokens.py).
        user.active_since = utcnow()
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
        end_other_sessions(user)
        revoke_all(user.id)
    if not user.active:
        end_other_sessions(user)
    db.session.commit()
    return user
