"""Pages of the requirement records feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("requirements", __name__)
