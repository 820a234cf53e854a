"""What the satisfaction surveys feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
