"""The leads API under /api/v1/sales/ (documented in the OpenAPI document)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("leads", __name__, "Sales automation: leads")
