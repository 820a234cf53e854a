"""Service tickets: the queue, the ticket, its replies, notes and attachments."""
