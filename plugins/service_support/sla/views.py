"""Pages of the SLA policies feature."""
from plugins.service_support.blueprints import page_blueprint

bp = page_blueprint("sla", __name__)
