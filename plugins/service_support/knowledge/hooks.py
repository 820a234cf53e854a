"""What the knowledge base and canned replies feature adds through the module's hooks (menu, customer panel, Today, merges, jobs)."""
