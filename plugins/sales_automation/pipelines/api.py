"""The pipelines API under /api/v1/sales/ (documented in the OpenAPI document)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("pipelines", __name__, "Sales automation: pipelines")
