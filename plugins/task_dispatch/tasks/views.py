"""Pages of the tasks feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("tasks", __name__)
