"""The payments API under /api/v1/sales/ (documented in the OpenAPI document)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("payments", __name__, "Sales automation: payments")
