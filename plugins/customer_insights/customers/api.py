"""API of the customers feature, under /api/v1/insights/."""
from crm_platform.sdk import lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint

blp = api_blueprint("customers", __name__, _l("Customer insights: customers"))
