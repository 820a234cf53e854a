"""What the overview feature adds to the module's hooks (plugin.py gathers them)."""
