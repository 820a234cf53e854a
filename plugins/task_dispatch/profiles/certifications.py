"""Certifications on a profile: listed with who may see the profile, added and removed by who may edit it."""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import db, gettext as _

from plugins.task_dispatch.catalogue import service as catalogue
from plugins.task_dispatch.models import Certification
from plugins.task_dispatch.profiles.visibility import require_edit


def certifications_of(profile):
    """The profile's certifications, the soonest to expire first (those that never expire last)."""
    return db.session.scalars(select(Certification).where(Certification.profile_id == profile.id).order_by(
        Certification.expires_on.is_(None), Certification.expires_on, Certification.name, Certification.id)).all()


def certification_or_404(profile, certification_id):
    """The certification `certification_id` of `profile`; otherwise the 404 of a missing id."""
    found = db.session.scalar(select(Certification).where(Certification.id == certification_id,
                                                          Certification.profile_id == profile.id))
    if found is None:
        abort(404)
    return found


def add_certification(actor, profile, data):
    """Record a certification on `profile` (who may edit it); committed. Its skill, if any, is a catalogue skill."""
    require_edit(actor, profile.user_id)
    skill_key = data.get("skill_key")
    if skill_key is not None and skill_key not in catalogue.names("skill"):
        raise ValidationError({"skill_key": [_("Choose a skill of the catalogue.")]})
    certification = Certification(profile_id=profile.id, name=data["name"], skill_key=skill_key,
                                  number=data.get("number"), expires_on=data.get("expires_on"))
    db.session.add(certification)
    db.session.commit()
    return certification


def remove_certification(actor, profile, certification):
    """Delete a certification of `profile` (who may edit it); committed."""
    require_edit(actor, profile.user_id)
    db.session.delete(certification)
    db.session.commit()
