"""What the reports feature adds through the module's hooks (plugin.py gathers these functions)."""
