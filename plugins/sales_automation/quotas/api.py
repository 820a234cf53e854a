"""The quotas API under /api/v1/ (this blueprint's routes start with /sales/)."""
from plugins.sales_automation.blueprints import api_blueprint

blp = api_blueprint("quotas", __name__, "Monthly quotas per rep, in amount won or collected (a workspace setting), and their attainment.")
