"""Pages of the purchases feature, under /insights/purchases."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("purchases", __name__)
