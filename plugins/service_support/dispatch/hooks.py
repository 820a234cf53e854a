"""What the ticket dispatch feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
