"""The PySide6 desktop app. Everything that imports Qt lives here; `playground.core` never does."""

from playground.qt._compat import guard_singleton_refcounts

guard_singleton_refcounts()
