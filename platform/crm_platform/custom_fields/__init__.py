"""Custom fields: admins add typed fields to customers, contacts and module records (see docs/custom-fields.md)."""
