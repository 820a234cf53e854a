"""Sending an attachment: always as a download, never rendered by the browser."""
from flask import send_file

from crm_platform.attachments.service import file_or_404


def send_attachment(attachment):
    """The file as a download with its stored type; the browser must neither sniff nor render it."""
    response = send_file(file_or_404(attachment), mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Opened anyway (a PDF viewer tab), it runs no script and reaches nothing of ours.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
