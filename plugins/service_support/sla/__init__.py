"""SLA policies and the clocks of each ticket."""
