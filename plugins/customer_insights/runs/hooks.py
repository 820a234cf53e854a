"""What the runs feature adds to the module's hooks (plugin.py gathers them)."""
