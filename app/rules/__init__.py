"""Counting rules: pure functions over plain data (no ORM, no clock, no I/O)."""
