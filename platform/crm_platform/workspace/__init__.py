"""The workspace's own settings (time zone, care reminders): read here, edited by admins."""
