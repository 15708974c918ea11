"""Whole screens of the explorer: the main screen, search, dialogs, and their flows."""
