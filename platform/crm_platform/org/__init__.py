"""The org chart (units) and the people in it (users, roles)."""
