"""Pages of the tickets feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("tickets", __name__)
