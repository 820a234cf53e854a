"""Whose profiles a user may see and edit: one rule for the API, the pages and the people list.

Everyone sees their own profile. Who plans or manages work (dispatch.dispatch
or dispatch.profiles) sees the profiles of the people in their remit: everyone's
for admins, executives and dispatchers, their unit's subtree for managers.
Editing needs dispatch.profiles within the same remit (admins every profile,
managers their subtree's). A profile out of sight is the same 404 as a missing one.
"""
from flask import abort
from sqlalchemy import false, or_, select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import User, db, gettext as _, has_permission, work_owner_criterion

from plugins.task_dispatch.models import Profile
from plugins.task_dispatch.permissions import DISPATCH, PROFILES


def people_criterion(user, user_column=User.id):
    """The WHERE clause selecting the people (by `user_column`) whose profiles `user` may see."""
    if has_permission(user, PROFILES) or has_permission(user, DISPATCH):
        return or_(user_column == user.id, work_owner_criterion(user, user_column))
    return user_column == user.id


def edit_criterion(user, user_column=User.id):
    """The WHERE clause selecting the people (by `user_column`) whose profiles `user` may create and edit."""
    if has_permission(user, PROFILES):
        return work_owner_criterion(user, user_column)
    return false()


def profile_or_404(user, profile_id):
    """The profile if `user` may see it; otherwise the same 404 as a missing id."""
    found = db.session.scalar(select(Profile).where(Profile.id == profile_id, people_criterion(user, Profile.user_id)))
    if found is None:
        abort(404)
    return found


def may_edit(user, user_id):
    """Whether `user` may create or edit the profile of person `user_id`."""
    return db.session.scalar(select(User.id).where(User.id == user_id, edit_criterion(user))) is not None


def require_edit(user, user_id):
    """Refuse (403) unless `user` may edit the profile of person `user_id`."""
    if not may_edit(user, user_id):
        raise Forbidden(_("Only admins, and managers for the people of their unit, may change profiles."))


def person_or_404(user, user_id):
    """The active user `user_id` whose profile `user` may see (or create); otherwise the 404 of a missing id."""
    found = db.session.scalar(select(User).where(User.id == user_id, User.active.is_(True),
                                                 people_criterion(user)))
    if found is None:
        abort(404)
    return found
