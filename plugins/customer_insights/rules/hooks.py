"""What the rules feature adds to the module's hooks: nothing yet (the insights page links the Rules page)."""
