"""The reports pages under /sales/reports/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("reports", __name__)
