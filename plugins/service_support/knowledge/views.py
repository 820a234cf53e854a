"""Pages of the knowledge base and canned replies feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("knowledge", __name__)
