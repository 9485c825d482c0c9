"""Widgets of the app's own: message lines, editors built from config fields, buffers for live curves."""
