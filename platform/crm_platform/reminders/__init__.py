"""Customer care reminders: the daily job that creates them, the "today" page and the API."""
