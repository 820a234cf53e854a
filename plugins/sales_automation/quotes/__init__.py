"""Quotes with lines and exact totals, their versions and printable page."""
