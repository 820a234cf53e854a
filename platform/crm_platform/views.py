"""Registers the server-rendered pages of every core feature."""
from flask import redirect, url_for
from flask_babel import get_locale
from flask_login import current_user

from crm_platform import menu


def register_pages(app):
    """Register each feature's page blueprint and the home redirect."""
    from crm_platform.auth import bp as auth_pages
    from crm_platform.customers import bp as customer_pages

    app.register_blueprint(auth_pages)
    app.register_blueprint(customer_pages)
    # base.html needs both on every page, the sign-in page included.
    app.jinja_env.globals["get_locale"] = get_locale
    menu.init_app(app)

    @app.route("/")
    def index():
        """Home: the customer list when signed in, else the sign-in page."""
        if current_user.is_authenticated:
            return redirect(url_for("customers.index"))
        return redirect(url_for("auth.login"))
