"""crm_platform: the core of the multi-tenant CRM (tenants, users, org units, customers)."""
import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from crm_platform.config import load_config

__version__ = "0.1.0"


class IdConverter(IntegerConverter):
    """`<int:…>` matches only numbers an id column can hold; a larger one is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        from crm_platform.opaque_ids import MAX_ID

        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(test_config=None, instance_path=None, create_instance=True):
    """Application factory: configure, connect extensions, register every blueprint.

    `create_instance` False (listing commands such as `crm plugins`) creates no
    instance folder, key or database in whatever folder the command runs in.
    """
    instance_path = instance_path or os.environ.get("CRM_INSTANCE_PATH") or os.path.join(os.getcwd(), "instance")
    app = Flask(__name__, instance_path=os.path.abspath(instance_path))
    if create_instance:
        os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path, write=create_instance))
    if test_config:
        app.config.update(test_config)
    hops = app.config["CRM_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # WARNING by default keeps CLI output readable (Alembic is chatty at INFO);
    # CRM_LOG_LEVEL=INFO shows the escape-hatch log, DEBUG everything.
    logging.basicConfig(level=os.environ.get("CRM_LOG_LEVEL", "WARNING").upper())

    from crm_platform.modules import setup as modules

    _init_extensions(app)
    app.url_map.converters["int"] = IdConverter
    _register_blueprints(app)
    _register_request_hooks(app)
    modules.init_app(app)

    from crm_platform.cli import register_commands

    register_commands(app)
    return app


def _init_extensions(app):
    from crm_platform import charts, database, rls
    from crm_platform.auth.throttle import throttle
    from crm_platform import i18n
    from crm_platform.extensions import csrf, db, login_manager, migrate
    from crm_platform.mail import backend as mail_backend

    database.configure(app)
    db.init_app(app)
    database.init_app(app)
    rls.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    i18n.init_app(app)
    charts.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # sessions are server-side rows; see auth/sessions.py
    throttle.init_app(app)
    mail_backend.init_app(app)
    import crm_platform.attachments.storage  # noqa: F401  (removes the files of deleted attachments)
    import crm_platform.audit.recorder  # noqa: F401  (registers the flush listeners)
    import crm_platform.auth.sessions  # noqa: F401  (registers the user loaders)
    import crm_platform.mail.jobs  # noqa: F401  (registers the send_mail job kind, for the web app and the worker)


def _register_blueprints(app):
    from crm_platform.api import init_api
    from crm_platform.views import register_pages

    register_pages(app)
    init_api(app)


def _register_request_hooks(app):
    from crm_platform import security_headers
    from crm_platform.tenancy import clear_scope

    security_headers.init_app(app)

    @app.teardown_request
    def _leave_tenant_scope(exc):
        """No tenant scope may leak from one request into the next on this thread."""
        clear_scope()

