"""What the catalogue feature adds to the module's hooks (menu, panels, Today, jobs); gathered by plugin.py."""
