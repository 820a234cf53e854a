"""The forecast API under /api/v1/ (this blueprint's routes start with /sales/)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("forecast", __name__, "The forecast: weighted pipeline by month of expected close, rolled up along the org tree, with managers' adjustments.")
