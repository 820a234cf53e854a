"""Pipelines and stages, opportunities on them, the Kanban board and its list view."""
