"""Announcements that admins and managers post to the whole company or to a unit, with each reader's read state."""
