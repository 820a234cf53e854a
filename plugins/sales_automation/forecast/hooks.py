"""What the forecast feature adds through the module's hooks (plugin.py gathers these functions)."""
