"""The quotas pages under /sales/quotas/."""
from plugins.sales_automation.blueprints import page_blueprint

bp = page_blueprint("quotas", __name__)
