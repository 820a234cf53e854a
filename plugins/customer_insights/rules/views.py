"""Pages of the rules feature, under /insights/rules."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("rules", __name__)
