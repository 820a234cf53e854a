"""API of the ticket dispatch feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("dispatch", __name__, "Dispatching tickets through the task dispatch module.")
