"""Pages of the board feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("board", __name__)
