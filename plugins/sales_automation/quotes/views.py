"""The quotes pages under /sales/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("quotes", __name__)
