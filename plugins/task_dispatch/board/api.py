"""API of the board feature, under /api/v1/dispatch/."""
from crm_platform.sdk import lazy_gettext as _l

from plugins.task_dispatch.blueprints import api_blueprint

blp = api_blueprint("board", __name__, _l("Task dispatch: board"))
