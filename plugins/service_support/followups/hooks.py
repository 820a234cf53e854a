"""What the return visits feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
