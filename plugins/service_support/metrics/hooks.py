"""What the service metrics feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
