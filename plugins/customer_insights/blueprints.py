"""The two blueprint kinds every feature package of the module makes: its pages and its API."""
import os

from crm_platform.sdk import ApiBlueprint, Blueprint

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def page_blueprint(feature, import_name):
    """Pages of `feature` at /insights/<feature>, endpoints `insights_<feature>.*`, templates under customer_insights/."""
    return Blueprint(f"insights_{feature}", import_name, url_prefix=f"/insights/{feature.replace('_', '-')}",
                     template_folder=TEMPLATES)


def api_blueprint(feature, import_name, description):
    """API of `feature` (routes start with /insights/...; mounted under /api/v1), endpoints `insights_<feature>_api.*`."""
    return ApiBlueprint(f"insights_{feature}_api", import_name, description=description)
