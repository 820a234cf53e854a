"""Satisfaction surveys and their answers."""
