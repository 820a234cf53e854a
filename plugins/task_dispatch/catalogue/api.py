"""API of the skill and resource catalogues, under /api/v1/dispatch/catalogue (documented in OpenAPI)."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, lazy_gettext as _l

from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.catalogue import service
from plugins.task_dispatch.catalogue.schemas import (
    DispatchCatalogueItemPageSchema, DispatchCatalogueItemSchema, DispatchCatalogueItemUpdateSchema,
    DispatchCatalogueQuerySchema,
)
from plugins.task_dispatch.permissions import CONFIGURE

blp = api_blueprint("catalogue", __name__, _l("Task dispatch: catalogue"))


@blp.route("/dispatch/catalogue")
class Catalogue(MethodView):
    """The workspace's skills and resources."""

    decorators = [api_login_required]

    @blp.arguments(DispatchCatalogueQuerySchema, location="query")
    @blp.response(200, DispatchCatalogueItemPageSchema)
    def get(self, args):
        """List the catalogue by kind then key; filter by kind, archived, words."""
        rows, next_cursor = service.item_page(args)
        return {"items": rows, "next_cursor": next_cursor}

    @api_permission_required(CONFIGURE)
    @blp.arguments(DispatchCatalogueItemSchema)
    @blp.response(201, DispatchCatalogueItemSchema)
    def post(self, data):
        """Add a skill or resource (dispatch.configure); 409 when its key is taken for that kind."""
        return service.create_item(current_user, data)


@blp.route("/dispatch/catalogue/<int:item_id>")
class CatalogueItemView(MethodView):
    """One item of the catalogue."""

    decorators = [api_login_required]

    @blp.response(200, DispatchCatalogueItemSchema)
    def get(self, item_id):
        """Read an item."""
        return service.item_or_404(item_id)

    @api_permission_required(CONFIGURE)
    @blp.arguments(DispatchCatalogueItemUpdateSchema)
    @blp.response(200, DispatchCatalogueItemSchema)
    def patch(self, data, item_id):
        """Change the name, category or certification rule (dispatch.configure); the key is immutable."""
        return service.update_item(current_user, service.item_or_404(item_id), data)


@blp.route("/dispatch/catalogue/<int:item_id>/archive")
class Archive(MethodView):
    """Archiving an item."""

    decorators = [api_login_required]

    @blp.response(200, DispatchCatalogueItemSchema)
    def post(self, item_id):
        """Archive the item: profiles and tasks keep it, nobody chooses it anew (dispatch.configure)."""
        return service.set_archived(current_user, service.item_or_404(item_id), True)


@blp.route("/dispatch/catalogue/<int:item_id>/unarchive")
class Unarchive(MethodView):
    """Restoring an archived item."""

    decorators = [api_login_required]

    @blp.response(200, DispatchCatalogueItemSchema)
    def post(self, item_id):
        """Bring the item back into use (dispatch.configure)."""
        return service.set_archived(current_user, service.item_or_404(item_id), False)
