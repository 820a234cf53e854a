"""Pages of the assign feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("assign", __name__)
