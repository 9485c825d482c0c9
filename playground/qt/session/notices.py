"""What the application has to tell the user: problems, bugs and passing news.

Every part reports through one Notices object, so the window listens in one place and an error is turned
into a sentence in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from playground.core.errors import ConfigError, PlaygroundError
from playground.qt.messages import error_text


class Notices(QObject):
    problem = Signal(str)              # a user-facing sentence: the core's error, or a refusal
    unexpected = Signal(object)        # an exception that is a bug: shown in a dialog
    status = Signal(str)               # passing news for the status bar
    settingRejected = Signal(str, str)  # message, field name: a setting of the form the core refused

    def report(self, error: BaseException, marks_form: bool = True) -> None:
        """Show `error`; a setting's error also names that field of the form, unless it is not the form's
        (a resumed run trains with its own saved settings)."""
        if isinstance(error, PlaygroundError):
            if isinstance(error, ConfigError) and error.field and marks_form:
                self.settingRejected.emit(error_text(error), error.field)
            self.problem.emit(error_text(error))
        else:
            self.unexpected.emit(error)

    def refuse(self, message: str) -> bool:
        """Say why a request was refused; returns False, for `return notices.refuse(...)`."""
        self.problem.emit(message)
        return False

    def say(self, text: str) -> None:
        self.status.emit(text)
