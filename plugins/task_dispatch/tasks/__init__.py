"""Tasks: their fields, workflow, visibility, pages and API, performance, and other modules' requests."""
