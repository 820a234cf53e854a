"""Employee profiles as the API, the pages and the other features use them: the people list, create, edit.

Skills and resources come from the catalogue: a key newly given must be in use
(not archived); one a profile already holds may stay after it is archived. The
performance columns are derived from finished tasks (tasks/performance.py) and
never written here.
"""
from sqlalchemy import func, select
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import OrgUnit, User, db, gettext as _, keyset_page, unit_subtree_ids, workspace_today

from plugins.task_dispatch.catalogue import service as catalogue
from plugins.task_dispatch.models import Certification, Profile
from plugins.task_dispatch.profiles.visibility import people_criterion, require_edit
from plugins.task_dispatch.settings import settings

EDITABLE = ("takes_tasks", "home_region", "hire_date", "post_date", "capacity", "skills", "resources", "note")


def profile_of(user_id):
    """The profile of person `user_id`, or None."""
    return db.session.scalar(select(Profile).where(Profile.user_id == user_id))


def person_of(profile):
    """The user whose profile it is (active or not)."""
    return db.session.scalar(select(User).where(User.id == profile.user_id))


def people_page(user, args):
    """A cursor page of the active people whose profiles `user` may see, by name; (users, next_cursor).

    Filters in `args`: unit_id (that unit and below), region, skill (held at
    `level` or above, 1 by default), takes_tasks (true: a profile that takes
    tasks; false: none, or one that does not), has_profile.
    """
    stmt = (select(User).outerjoin(Profile, Profile.user_id == User.id)
            .where(User.active.is_(True), people_criterion(user)))
    if args.get("unit_id") is not None:
        stmt = stmt.where(User.org_unit_id.in_(unit_subtree_ids(args["unit_id"])))
    if args.get("region"):
        stmt = stmt.where(Profile.home_region == args["region"])
    if args.get("skill"):
        stmt = stmt.where(func.coalesce(Profile.skills[args["skill"]].as_integer(), 0) >= (args.get("level") or 1))
    if args.get("takes_tasks") is True:
        stmt = stmt.where(Profile.takes_tasks.is_(True))
    elif args.get("takes_tasks") is False:
        stmt = stmt.where((Profile.id.is_(None)) | Profile.takes_tasks.is_(False))
    if args.get("has_profile") is not None:
        stmt = stmt.where(Profile.id.is_not(None) if args["has_profile"] else Profile.id.is_(None))
    return keyset_page(stmt, [User.name, User.id], False, args.get("cursor"), args["limit"], types=[str, int])


def profiles_by_user(user_ids):
    """{user id: Profile} of those of `user_ids` who have one."""
    if not user_ids:
        return {}
    return {p.user_id: p for p in db.session.scalars(select(Profile).where(Profile.user_id.in_(user_ids)))}


def unit_names():
    """{unit id: name} of the workspace's org units."""
    return dict(db.session.execute(select(OrgUnit.id, OrgUnit.name)).all())


def unit_choices():
    """[(id, name)] of the workspace's org units by name, for the people list's filter."""
    return [(str(unit_id), name) for unit_id, name in sorted(unit_names().items(), key=lambda item: item[1])]


def regions_in_use():
    """The home regions the workspace's profiles name, sorted."""
    return sorted(r for r in db.session.scalars(select(Profile.home_region).distinct()) if r)


def _check_keys(field, kind, keys, held):
    """Refuse catalogue keys of `kind` that are not in use, unless the profile already holds them."""
    unknown = set(keys) - catalogue.active_keys(kind) - set(held)
    if unknown:
        raise ValidationError({field: [_("Not in the catalogue, or archived: %(keys)s.",
                                         keys=", ".join(sorted(unknown)))]})


def _apply(profile, data):
    """Set the editable values of `data` on `profile`, checked against the catalogue and each other."""
    if "skills" in data:
        _check_keys("skills", "skill", data["skills"], profile.skills or {})
    if "resources" in data:
        _check_keys("resources", "resource", data["resources"], profile.resources or [])
    hire = data.get("hire_date", profile.hire_date)
    post = data.get("post_date", profile.post_date)
    if hire is not None and post is not None and post < hire:
        raise ValidationError({"post_date": [_("The date in the current post cannot be before the hire date.")]})
    for key in EDITABLE:
        if key not in data or (key in ("takes_tasks", "capacity", "skills", "resources") and data[key] is None):
            continue
        value = data[key]
        if key == "skills":
            value = dict(sorted(value.items()))
        elif key == "resources":
            value = sorted(set(value))
        setattr(profile, key, value)


def create_profile(actor, person, data):
    """A profile for `person` (a User) by `actor`, who may edit it; committed. A second profile is a 409.

    Capacity defaults to the module's `default_capacity`.
    """
    require_edit(actor, person.id)
    if profile_of(person.id) is not None:
        raise Conflict(_("%(name)s already has a profile.", name=person.name))
    profile = Profile(user_id=person.id, takes_tasks=True, capacity=settings()["default_capacity"], skills={},
                      resources=[], performance_tasks=0)
    _apply(profile, data)
    db.session.add(profile)
    db.session.commit()
    return profile


def update_profile(actor, profile, data):
    """Change a profile's editable values (who may edit it); committed."""
    require_edit(actor, profile.user_id)
    _apply(profile, data)
    db.session.commit()
    return profile


def valid_certifications(profile_ids, today=None):
    """{profile id: set of skill keys with an unexpired certification} (no expiry date: valid)."""
    today = today or workspace_today()
    rows = db.session.execute(select(Certification.profile_id, Certification.skill_key).where(
        Certification.profile_id.in_(profile_ids), Certification.skill_key.is_not(None),
        (Certification.expires_on.is_(None)) | (Certification.expires_on >= today))).all()
    found = {}
    for profile_id, skill_key in rows:
        found.setdefault(profile_id, set()).add(skill_key)
    return found


def effective_skills(profile, today=None, certified=None, valid=None):
    """{skill key: level} that count for `profile` today: a certified skill only with an unexpired certification.

    `certified` (catalogue.certified_skill_keys()) and `valid` (the profile's
    entry of valid_certifications) may be given to avoid queries in a loop.
    """
    certified = catalogue.certified_skill_keys() if certified is None else certified
    valid = valid_certifications([profile.id], today).get(profile.id, set()) if valid is None else valid
    return {key: level for key, level in (profile.skills or {}).items() if key not in certified or key in valid}
