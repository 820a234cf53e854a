"""The workspace business calendar: working hours, holidays, time off and business-time arithmetic."""
