"""Sending a customer's attachment: always as a download, never rendered by the browser."""
from crm_platform.attachments.uploads import send_stored_file


def send_attachment(attachment):
    """The attachment's file as a download with its stored type."""
    return send_stored_file(attachment.stored_name, attachment.name, attachment.content_type, attachment.tenant_id)
