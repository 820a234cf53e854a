"""The forecast pages under /sales/forecast/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("forecast", __name__)
