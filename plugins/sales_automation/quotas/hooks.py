"""What the quotas feature adds through the module's hooks (plugin.py gathers these functions)."""
