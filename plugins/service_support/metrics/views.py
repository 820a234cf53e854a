"""Pages of the service metrics feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("metrics", __name__)
