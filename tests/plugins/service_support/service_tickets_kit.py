"""Files for the tickets feature's tests: a real PDF's first bytes, and uploading one to a ticket."""
from io import BytesIO

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(client, ticket_id, content=PDF, name="report.pdf"):
    """POST a file to the ticket's attachments API as `client`; the response."""
    return client.post(f"/api/v1/service/tickets/{ticket_id}/attachments", data={"file": (BytesIO(content), name)},
                       content_type="multipart/form-data")
