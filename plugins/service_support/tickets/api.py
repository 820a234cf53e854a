"""API of the tickets feature, under /api/v1/service/."""
from plugins.service_support.blueprints import api_blueprint

blp = api_blueprint("tickets", __name__, "Service tickets: the queue, the ticket, its replies, notes and attachments.")
