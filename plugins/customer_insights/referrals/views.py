"""Pages of the referrals feature, under /insights/referrals."""
from plugins.customer_insights.blueprints import page_blueprint

bp = page_blueprint("referrals", __name__)
