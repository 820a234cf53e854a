"""Pages of the return visits feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("followups", __name__)
