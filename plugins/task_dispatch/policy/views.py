"""Pages of the policy feature."""
from plugins.task_dispatch.blueprints import page_blueprint

bp = page_blueprint("policy", __name__)
