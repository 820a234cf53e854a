"""API of the service metrics feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("metrics", __name__, "Service metrics: response and resolution times, SLA compliance, backlog, satisfaction.")
