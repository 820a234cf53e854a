"""WSGI entry point: `gunicorn wsgi:app` or `python wsgi.py`."""
from crm_platform import create_app
from crm_platform.rls import check_database_role
from crm_platform.startup import settle_for_serving

app = create_app()
check_database_role(app)  # PostgreSQL: refuse a role that row-level security does not bind
settle_for_serving()

if __name__ == "__main__":
    app.run()
