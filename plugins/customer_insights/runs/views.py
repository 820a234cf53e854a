"""Pages of the runs feature, under /insights/runs."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("runs", __name__)
