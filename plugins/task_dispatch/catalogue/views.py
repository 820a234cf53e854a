"""Pages of the catalogue feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("catalogue", __name__)
