"""Dispatching tickets through the task dispatch module."""
