"""The competitors API under /api/v1/sales/ (documented in the OpenAPI document)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("competitors", __name__, "Sales automation: competitors")
