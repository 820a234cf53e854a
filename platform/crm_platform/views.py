"""Registers the server-rendered pages of every core feature."""
from flask import redirect, url_for
from flask_babel import get_locale
from flask_login import current_user

from crm_platform import menu


def register_pages(app):
    """Register each feature's page blueprint and the home redirect."""
    from crm_platform.account import bp as account_pages
    from crm_platform.announcements.routes import bp as announcement_pages
    from crm_platform.attachments import bp as attachment_pages
    from crm_platform.audit.routes import bp as audit_pages
    from crm_platform.auth import bp as auth_pages
    from crm_platform.calendar.views import bp as calendar_pages
    from crm_platform.custom_fields.routes import bp as custom_field_pages
    from crm_platform.customers import bp as customer_pages
    from crm_platform.dashboard.routes import bp as dashboard_pages
    from crm_platform.follow_ups.routes import bp as follow_up_pages
    from crm_platform.history import bp as history_pages
    from crm_platform.imports import bp as import_pages
    from crm_platform.jobs.routes import bp as job_pages
    from crm_platform.merge import bp as merge_pages
    from crm_platform.modules.routes import bp as module_pages
    from crm_platform.org.routes import bp as org_pages
    from crm_platform.regions.routes import bp as region_pages
    from crm_platform.pool.routes import bp as pool_pages
    from crm_platform.reminders.routes import bp as reminder_pages
    from crm_platform.work_logs.routes import bp as work_log_pages
    from crm_platform.workspace.routes import bp as workspace_pages
    from tenants.views import bp as signup_pages

    app.register_blueprint(auth_pages)
    app.register_blueprint(customer_pages)
    app.register_blueprint(signup_pages)
    app.register_blueprint(org_pages)
    app.register_blueprint(account_pages)
    app.register_blueprint(audit_pages)
    app.register_blueprint(module_pages)
    app.register_blueprint(job_pages)
    app.register_blueprint(import_pages)
    app.register_blueprint(reminder_pages)
    app.register_blueprint(follow_up_pages)
    app.register_blueprint(workspace_pages)
    app.register_blueprint(region_pages)
    app.register_blueprint(pool_pages)
    app.register_blueprint(custom_field_pages)
    app.register_blueprint(merge_pages)
    app.register_blueprint(attachment_pages)
    app.register_blueprint(history_pages)
    app.register_blueprint(calendar_pages)
    app.register_blueprint(dashboard_pages)
    app.register_blueprint(announcement_pages)
    app.register_blueprint(work_log_pages)
    # base.html needs both on every page, the sign-in page included.
    app.jinja_env.globals["get_locale"] = get_locale
    menu.init_app(app)

    @app.route("/")
    def index():
        """Home: the dashboard when signed in, else the sign-in page."""
        if current_user.is_authenticated:
            return redirect(url_for("dashboard.index"))
        return redirect(url_for("auth.login"))
