"""Widgets the explorer screen is built from: the pane and the contents sidebar."""
