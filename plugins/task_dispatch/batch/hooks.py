"""What the batch feature adds to the module's hooks (menu, panels, Today, jobs); gathered by plugin.py."""
