"""What the SLA policies feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
