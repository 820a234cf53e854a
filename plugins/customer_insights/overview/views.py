"""Pages of the overview feature, under /insights/overview."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("overview", __name__)
