"""API of the requirement records feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("requirements", __name__, "Customer requirements, their votes, answers and the daily review.")
