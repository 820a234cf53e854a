"""Payments received against instalments, the receivables ageing view and the daily collection reminders."""
