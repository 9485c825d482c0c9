"""Widgets of the app's own: message lines, field editors, and the live loss plot with its buffers."""
