"""The two blueprint kinds every feature package of the module makes: its pages and its API."""
import os

from crm_platform.sdk import ApiBlueprint, Blueprint

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def page_blueprint(feature, import_name):
    """Pages of `feature` at /dispatch/<feature>, endpoints `dispatch_<feature>.*`, templates under task_dispatch/."""
    return Blueprint(f"dispatch_{feature}", import_name, url_prefix=f"/dispatch/{feature.replace('_', '-')}",
                     template_folder=TEMPLATES)


def api_blueprint(feature, import_name, description):
    """API of `feature` (routes start with /dispatch/...; mounted under /api/v1), endpoints `dispatch_<feature>_api.*`."""
    return ApiBlueprint(f"dispatch_{feature}_api", import_name, description=description)
