"""API of the SLA policies feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("sla", __name__, "SLA policies and the clocks of each ticket.")
