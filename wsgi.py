"""WSGI entry point: `gunicorn wsgi:app` or `python wsgi.py`."""
from crm_platform import create_app

app = create_app()

if __name__ == "__main__":
    app.run()
