"""The reports API under /api/v1/ (this blueprint's routes start with /sales/)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("reports", __name__, "Sales reports: funnel, win rate and cycle, monthly rep performance, collection; each as chart data and as CSV or .xlsx.")
