"""Placeholder: the browser fixture plugin is filled in by the views work."""
