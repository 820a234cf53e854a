"""What the requirement records feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
