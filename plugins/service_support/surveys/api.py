"""API of the satisfaction surveys feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("surveys", __name__, "Satisfaction surveys and their answers.")
