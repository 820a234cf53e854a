"""Customer feedback notes: a CRM plugin that rates and remarks on customers (see README.md)."""
