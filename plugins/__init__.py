"""Bundled plugin modules (each registered through the crm_platform.plugins entry points)."""
