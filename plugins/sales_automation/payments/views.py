"""The payments pages under /sales/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("payments", __name__)
