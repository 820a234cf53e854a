"""The pipelines feature's two blueprints: its pages (with the board's script) and its API."""
import os

from crm_platform.sdk import Blueprint

from plugins.sales_automation.blueprints import TEMPLATES, api_blueprint

STATIC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static")

# Made like page_blueprint's, plus the module's static folder for the board's script (no CDN).
bp = Blueprint("sales_pipelines", __name__, url_prefix="/sales/pipelines", template_folder=TEMPLATES,
               static_folder=STATIC, static_url_path="/static")
blp = api_blueprint("pipelines", __name__, "Sales automation: pipelines, stages, opportunities and the Kanban board")
