"""What the report email feature adds through the module's hooks (plugin.py gathers these functions)."""
