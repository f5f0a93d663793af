"""Exports read marts and write files; they never recompute business logic."""
