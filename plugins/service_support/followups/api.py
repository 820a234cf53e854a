"""API of the return visits feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("followups", __name__, "Return visits after complaints.")
