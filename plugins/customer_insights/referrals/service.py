"""Recording, reading and deleting referrals; who may: the referrer's visibility and management rights.

A referral hangs off its referrer: it is seen by who may see the referrer and
made or deleted by who may manage it. A referred customer the reader may not
see is shown without its id or name, so a referral never widens anyone's view.
"""
from datetime import date

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import delete, select, update
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Customer, can_manage_customer, customer_criterion, db, gettext as _, keyset_page, visible_customer_or_404,
    workspace_today,
)

from plugins.customer_insights.models import Referral

PANEL_ROWS = 20
"""How many of a customer's latest referrals its page lists."""


def visible_referrals(user):
    """SELECT of the referrals whose referrer `user` may see."""
    return select(Referral).join(Customer, Customer.id == Referral.customer_id).where(customer_criterion(user))


def referral_page(user, args):
    """(referrals, next_cursor): latest first, optionally one referrer's (InsightsReferralQuerySchema)."""
    stmt = visible_referrals(user)
    if args.get("customer_id") is not None:
        stmt = stmt.where(Referral.customer_id == args["customer_id"])
    return keyset_page(stmt, [Referral.referred_on, Referral.id], True, args.get("cursor"), args.get("limit"),
                       types=[date, int])


def referral_or_404(user, referral_id):
    """The referral if `user` may see its referrer; another workspace's, an invisible or a missing one is a 404."""
    referral = db.session.scalar(visible_referrals(user).where(Referral.id == referral_id))
    if referral is None:
        abort(404)
    return referral


def latest_referrals(customer_id, limit=PANEL_ROWS):
    """The customer's latest referrals (the caller checked it is visible)."""
    return db.session.scalars(select(Referral).where(Referral.customer_id == customer_id)
                              .order_by(Referral.referred_on.desc(), Referral.created_at.desc()).limit(limit)).all()


def shown(user, referrals):
    """The referrals as `user` may read them: a referred customer they may not see loses its id and name."""
    ids = {referral.referred_customer_id for referral in referrals if referral.referred_customer_id is not None}
    seen = set(db.session.scalars(select(Customer.id).where(Customer.id.in_(ids), customer_criterion(user)))) \
        if ids else set()
    hidden = {"referred_customer_id": None, "referred_name": None}
    return [{**{column: getattr(referral, column) for column in ("id", "customer_id", "referred_customer_id",
                                                                 "referred_name", "referred_on", "note",
                                                                 "created_by_id", "created_at")},
             **(hidden if referral.referred_customer_id is not None
                and referral.referred_customer_id not in seen else {})}
            for referral in referrals]


def add_referral(user, data):
    """Record a referral made by a customer `user` may manage (404 if invisible, 403 if not theirs); commits.

    The referred customer must be one `user` may see and not the referrer
    (422 on `referred_customer_id`); its name is kept with the referral, so
    the referral still says whom it was about if that customer is deleted.
    """
    referrer = visible_customer_or_404(user, data["customer_id"])
    if not can_manage_customer(user, referrer.id):
        raise Forbidden(_("Only who may change this customer may record its referrals."))
    name = data.get("referred_name")
    referred_id = data.get("referred_customer_id")
    if referred_id is not None:
        if referred_id == referrer.id:
            raise ValidationError({"referred_customer_id": [_("A customer cannot refer itself.")]})
        name = db.session.scalar(select(Customer.name).where(Customer.id == referred_id, customer_criterion(user)))
        if name is None:
            raise ValidationError({"referred_customer_id": [_("No customer you may see has this id.")]})
    referral = Referral(customer_id=referrer.id, referred_customer_id=referred_id, referred_name=name,
                        referred_on=data.get("referred_on") or workspace_today(), note=data.get("note"),
                        created_by_id=user.id)
    db.session.add(referral)
    db.session.commit()
    return referral


def delete_referral(user, referral):
    """Delete a referral (who may manage its referrer, else 403); commits."""
    if not can_manage_customer(user, referral.customer_id):
        raise Forbidden(_("Only who may change this customer may delete its referrals."))
    db.session.delete(referral)
    db.session.commit()


def move_referrals(kept_id, merged_id):
    """On a merge, the duplicate's referrals (made and received) go to the customer kept; one of itself goes."""
    for column in (Referral.customer_id, Referral.referred_customer_id):
        db.session.execute(update(Referral).where(column == merged_id).values({column.key: kept_id}),
                           execution_options={"synchronize_session": False})
    db.session.execute(delete(Referral).where(Referral.customer_id == kept_id,
                                              Referral.referred_customer_id == kept_id),
                       execution_options={"synchronize_session": False})


def customer_named(user, name):
    """The id of the one customer `user` may see named exactly `name`, else None (none, or several)."""
    ids = db.session.scalars(select(Customer.id).where(Customer.name == name, customer_criterion(user)).limit(2)).all()
    return ids[0] if len(ids) == 1 else None
