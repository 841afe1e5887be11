"""Provides the app's widgets: the blanks table, entry and feedback lines, the kind visuals."""
