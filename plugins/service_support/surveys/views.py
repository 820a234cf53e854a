"""Pages of the satisfaction surveys feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("surveys", __name__)
