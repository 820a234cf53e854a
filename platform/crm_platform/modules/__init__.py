"""Plugins as per-tenant modules: registry, enabled state, gating, events, API and pages."""
