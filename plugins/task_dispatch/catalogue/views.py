"""Pages of the skill and resource catalogues under /dispatch/catalogue: the list, the item form, archiving.

Everyone who may use the module reads them; changes need dispatch.configure
(the service refuses others with a 403, as in the API).
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import current_user, db, field_errors, gettext as _, has_permission, page_login_required
from crm_platform.sdk import require_permission

from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.catalogue import service
from plugins.task_dispatch.catalogue.labels import CATEGORY_LABELS, KIND_LABELS
from plugins.task_dispatch.catalogue.schemas import DispatchCatalogueItemSchema, DispatchCatalogueItemUpdateSchema
from plugins.task_dispatch.permissions import CONFIGURE

bp = page_blueprint("catalogue", __name__)

FORM_FIELDS = ("kind", "key", "name", "category")


@bp.app_template_global("dispatch_catalogue_labels")
def catalogue_labels():
    """The words for kinds and resource categories, for the module's templates."""
    return {"kinds": KIND_LABELS, "categories": CATEGORY_LABELS}


def _posted(names):
    """The form's values of `names` and the certified box, for a schema (which reads a blank category as none)."""
    return {**{name: request.form.get(name, "") for name in names}, "certified": bool(request.form.get("certified"))}


def _form(item, values, errors, kind):
    """The item form (new when `item` is None), 422 when there are errors."""
    page = render_template("task_dispatch/catalogue/form.html", item=item, values=values, errors=errors, kind=kind,
                           categories=list(CATEGORY_LABELS.items()))
    return page, 422 if errors else 200


@bp.route("/")
@page_login_required
def index():
    """The workspace's skills and resources; archived ones on request."""
    show_archived = request.args.get("archived") == "1"
    return render_template("task_dispatch/catalogue/index.html", show_archived=show_archived,
                           skills=service.items("skill", include_archived=show_archived),
                           resources=service.items("resource", include_archived=show_archived),
                           may_configure=has_permission(current_user, CONFIGURE))


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Add a skill or a resource (`?kind=`); its key is chosen once and for good."""
    require_permission(current_user, CONFIGURE)
    kind = request.values.get("kind") if request.values.get("kind") in KIND_LABELS else "skill"
    values, errors = {"kind": kind, "category": "other" if kind == "resource" else None}, {}
    if request.method == "POST":
        values = {**values, **{key: request.form.get(key, "") for key in FORM_FIELDS},
                  "certified": bool(request.form.get("certified"))}
        try:
            data = DispatchCatalogueItemSchema().load({**_posted(FORM_FIELDS), "kind": kind})
            item = service.create_item(current_user, data)
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        except Conflict as err:
            db.session.rollback()
            errors = {"key": err.description}
        else:
            flash(_("%(name)s added to the catalogue.", name=item.name), "success")
            return redirect(url_for(".index"))
    return _form(None, values, errors, kind)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(item_id):
    """Change an item's name, category (resources) or certification rule (skills)."""
    item = service.item_or_404(item_id)
    require_permission(current_user, CONFIGURE)
    values = {"key": item.key, "name": item.name, "category": item.category, "certified": item.certified}
    errors = {}
    if request.method == "POST":
        values = {**values, "name": request.form.get("name", ""), "category": request.form.get("category", ""),
                  "certified": bool(request.form.get("certified"))}
        data = _posted(("name", "category") if item.kind == "resource" else ("name",))
        try:
            service.update_item(current_user, item, DispatchCatalogueItemUpdateSchema().load(data))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("%(name)s saved.", name=item.name), "success")
            return redirect(url_for(".index", archived="1" if item.archived else None))
    return _form(item, values, errors, item.kind)


def _archive(item_id, archived, done):
    """Archive or restore the item, flash `done` (a message with its name), back to the list."""
    item = service.set_archived(current_user, service.item_or_404(item_id), archived)
    flash(done % {"name": item.name}, "success")
    return redirect(url_for(".index"))


@bp.route("/<int:item_id>/archive", methods=["POST"])
@page_login_required
def archive(item_id):
    """Archive an item: those who hold it keep it, nobody chooses it anew."""
    return _archive(item_id, True, _("%(name)s archived."))


@bp.route("/<int:item_id>/unarchive", methods=["POST"])
@page_login_required
def unarchive(item_id):
    """Bring an archived item back into use."""
    return _archive(item_id, False, _("%(name)s is in use again."))
