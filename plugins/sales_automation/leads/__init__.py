"""Leads: capture (pages, API, import, web-to-lead form), qualification, assignment and conversion."""
