"""API of the knowledge base and canned replies feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("knowledge", __name__, "Knowledge base articles and canned replies.")
