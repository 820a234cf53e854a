"""The audit trail: recorded centrally at flush time, read by admins."""
