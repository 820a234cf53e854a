"""Contracts, payment plans, payments received, receivables ageing and collection reminders."""
