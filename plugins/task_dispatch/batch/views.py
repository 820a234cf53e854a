"""Pages of the batch feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("batch", __name__)
