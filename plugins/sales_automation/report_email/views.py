"""The report email pages under /sales/report-email/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("report_email", __name__)
