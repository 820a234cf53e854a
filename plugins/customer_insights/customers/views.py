"""Pages of the customers feature, under /insights/customers."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("customers", __name__)
