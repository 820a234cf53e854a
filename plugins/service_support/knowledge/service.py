"""Canned replies: personal ones and the workspace's shared ones, and filling them for the reply box.

A personal reply (owner_id = its user) is seen and changed by its owner only. A
shared reply (owner_id None) is seen by everyone and written by `service.knowledge`.
The ticket page's reply box asks `prefill_reply` for the text of `?canned=<id>`.
"""
from flask import abort
from sqlalchemy import or_, select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import db, gettext as _, keyset_page

from plugins.service_support.ids import query_id
from plugins.service_support.knowledge.articles import may_write
from plugins.service_support.knowledge.placeholders import render_reply
from plugins.service_support.models import CannedReply


def usable(user, stmt):
    """`stmt` on canned replies narrowed to those `user` may use: the shared ones and their own."""
    return stmt.where(or_(CannedReply.owner_id.is_(None), CannedReply.owner_id == user.id))


def reply_or_404(user, reply_id):
    """The canned reply `reply_id` if `user` may use it, else a 404 (a colleague's personal one is as missing)."""
    reply = db.session.scalar(usable(user, select(CannedReply).where(CannedReply.id == reply_id)))
    if reply is None:
        abort(404)
    return reply


def reply_page(user, args):
    """A cursor page of the replies `user` may use, by title; `q` in the title or text, `shared` true or false."""
    stmt = usable(user, select(CannedReply))
    if args.get("q"):
        stmt = stmt.where(or_(CannedReply.title.icontains(args["q"], autoescape=True),
                              CannedReply.body.icontains(args["q"], autoescape=True)))
    if args.get("shared") is not None:
        stmt = stmt.where(CannedReply.owner_id.is_(None) if args["shared"] else CannedReply.owner_id == user.id)
    return keyset_page(stmt, [CannedReply.title, CannedReply.id], False, args.get("cursor"), args["limit"],
                       types=[str, int])


def replies_for(user):
    """Every reply `user` may use, by title (the reply box's picker)."""
    return db.session.scalars(usable(user, select(CannedReply)).order_by(CannedReply.title, CannedReply.id)).all()


def may_change(user, reply):
    """True when `user` may change or delete `reply`: their own, or a shared one with `service.knowledge`."""
    return reply.owner_id == user.id if reply.owner_id is not None else may_write(user)


def require_change(user, reply):
    """`reply`, or a 403 for a `user` who may not change it: a shared one needs `service.knowledge`."""
    if not may_change(user, reply):
        raise Forbidden(_("Only those who keep the knowledge base change shared replies."))
    return reply


def save_reply(user, data, reply=None):
    """Create a canned reply from validated `data` (`shared` decides its owner), or change `reply`; committed.

    Sharing a reply, or changing a shared one, needs `service.knowledge` (403);
    a shared reply made personal becomes the user's own.
    """
    if reply is not None:
        require_change(user, reply)
    shared = data.get("shared", reply is not None and reply.owner_id is None)
    if shared and not may_write(user):
        raise Forbidden(_("Only those who keep the knowledge base share replies with everyone."))
    reply = reply or CannedReply()
    reply.owner_id = None if shared else user.id
    for key in ("title", "body"):
        if key in data:
            setattr(reply, key, data[key])
    db.session.add(reply)
    db.session.commit()
    return reply


def delete_reply(user, reply):
    """Delete a canned reply `user` may change (403 otherwise); committed."""
    if not may_change(user, reply):
        raise Forbidden(_("Only those who keep the knowledge base delete shared replies."))
    db.session.delete(reply)
    db.session.commit()


def prefill_reply(ticket, user, args):
    """The reply box's starting text: the canned reply `args["canned"]` filled for `ticket`, else None.

    The ticket page calls it with its query arguments, so the picker works
    without JavaScript (a GET form that reloads the page with `?canned=<id>`). A
    missing, foreign or colleague's personal reply gives None, like no choice.
    """
    reply_id = query_id(args.get("canned"))
    if reply_id is None:
        return None
    reply = db.session.scalar(usable(user, select(CannedReply).where(CannedReply.id == reply_id)))
    return render_reply(reply, ticket, user).text if reply is not None else None
