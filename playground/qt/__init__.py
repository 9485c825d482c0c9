"""The PySide6 desktop app. Everything that imports Qt lives here; `playground.core` never does."""
