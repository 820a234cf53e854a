"""Pages of the ticket dispatch feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("dispatch", __name__)
