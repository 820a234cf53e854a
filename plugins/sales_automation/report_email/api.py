"""The report email API under /api/v1/ (this blueprint's routes start with /sales/)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("report_email", __name__, "The monthly team performance email: who receives it and who opted out.")
