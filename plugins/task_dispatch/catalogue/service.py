"""The skill and resource catalogues as the API, the pages and the other features use them.

Everyone in the workspace reads the catalogues; only `dispatch.configure`
(admins) adds, changes, archives and restores items. Keys are what profiles and
tasks store, so a key never changes and an item is archived, never deleted.
"""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import or_, select
from werkzeug.exceptions import Conflict

from crm_platform.sdk import db, gettext as _, keyset_page, require_permission

from plugins.task_dispatch.models import CatalogueItem
from plugins.task_dispatch.permissions import CONFIGURE


def item_or_404(item_id):
    """The workspace's catalogue item `item_id`, or the 404 of a missing one (another workspace's alike)."""
    item = db.session.scalar(select(CatalogueItem).where(CatalogueItem.id == item_id))
    if item is None:
        abort(404)
    return item


def item_page(args):
    """A cursor page of the catalogue, by kind then key, filtered by `args` (kind, archived, q)."""
    stmt = select(CatalogueItem)
    if args.get("kind"):
        stmt = stmt.where(CatalogueItem.kind == args["kind"])
    if args.get("archived") is not None:
        stmt = stmt.where(CatalogueItem.archived.is_(args["archived"]))
    if args.get("q"):
        pattern = f"%{args['q']}%"
        stmt = stmt.where(or_(CatalogueItem.key.ilike(pattern), CatalogueItem.name.ilike(pattern)))
    return keyset_page(stmt, [CatalogueItem.kind, CatalogueItem.key, CatalogueItem.id], False, args.get("cursor"),
                       args["limit"], types=[str, str, int])


def items(kind, include_archived=False):
    """The catalogue's items of `kind` ("skill" or "resource") by name; archived ones only when asked."""
    stmt = select(CatalogueItem).where(CatalogueItem.kind == kind)
    if not include_archived:
        stmt = stmt.where(CatalogueItem.archived.is_(False))
    return db.session.scalars(stmt.order_by(CatalogueItem.name, CatalogueItem.key)).all()


def names(kind):
    """{key: name} of every item of `kind`, archived ones included (old profiles and tasks still name them)."""
    return {item.key: item.name for item in items(kind, include_archived=True)}


def active_keys(kind):
    """The keys of `kind` that may be newly chosen (not archived)."""
    return {item.key for item in items(kind)}


def certified_skill_keys():
    """The keys of the skills that count only with an unexpired certification."""
    return set(db.session.scalars(select(CatalogueItem.key).where(CatalogueItem.kind == "skill",
                                                                  CatalogueItem.certified.is_(True))))


def _check_kind_fields(kind, category, certified):
    """Refuse a category on a skill and a certification on a resource."""
    if kind == "skill" and category is not None:
        raise ValidationError({"category": [_("Only resources have a category.")]})
    if kind == "resource" and certified:
        raise ValidationError({"certified": [_("Only skills can require a certification.")]})


def create_item(actor, data):
    """A new catalogue item (dispatch.configure); committed. A key already used for that kind is a 409."""
    require_permission(actor, CONFIGURE)
    category = data.get("category")
    _check_kind_fields(data["kind"], category, data.get("certified"))
    taken = select(CatalogueItem.id).where(CatalogueItem.kind == data["kind"], CatalogueItem.key == data["key"])
    if db.session.scalar(taken) is not None:
        raise Conflict(_("The key %(key)s is already in the catalogue.", key=data["key"]))
    item = CatalogueItem(kind=data["kind"], key=data["key"], name=data["name"],
                         category=category or ("other" if data["kind"] == "resource" else None),
                         certified=bool(data.get("certified")) and data["kind"] == "skill", archived=False)
    db.session.add(item)
    db.session.commit()
    return item


def update_item(actor, item, data):
    """Change an item's name, category or certification rule (dispatch.configure); committed. The key stays."""
    require_permission(actor, CONFIGURE)
    if data.get("key") is not None and data["key"] != item.key:
        raise ValidationError({"key": [_("The key cannot change: profiles and tasks refer to it.")]})
    category = data.get("category", item.category)
    if item.kind == "resource" and category is None:
        category = "other"
    _check_kind_fields(item.kind, category, data.get("certified", item.certified))
    item.category = category
    for key in ("name", "certified"):
        if data.get(key) is not None:
            setattr(item, key, data[key])
    db.session.commit()
    return item


def set_archived(actor, item, archived):
    """Archive an item (no new profile or task may choose it) or bring it back (dispatch.configure); committed."""
    require_permission(actor, CONFIGURE)
    item.archived = archived
    db.session.commit()
    return item
