"""Pages of the profiles feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("profiles", __name__)
