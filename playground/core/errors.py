"""The few error types the core raises for problems a user can fix.

Every message is written for the person at the keyboard: it says what is wrong and, where it can, what to do.
The CLI prints `str(error)` on one line and exits with status 2; the app shows it, translated, in its own
language. Anything else that escapes the core is a bug.
"""

import errno
import re


class PlaygroundError(Exception):
    """Base class: a problem with the user's input, files or settings.

    The message is a str.format template with named fields, given separately, so that the app can look the
    English template up in its translations and fill in the same values: `CorpusError("{path} is empty.",
    path=p)`; with fields, a template's literal braces are doubled. A value that is itself a sentence or phrase
    to translate is given as a `Phrase` (or is a PlaygroundError). `str(error)` is the English sentence.
    """

    def __init__(self, template: str, /, **params):
        super().__init__(template.format(**params) if params else template)
        self.template = template
        self.params = params


class Phrase(str):
    """Part of a message that is translated on its own (e.g. a piece of advice chosen at run time)."""


class CorpusError(PlaygroundError):
    """The text to train on cannot be used (missing, empty, binary, too short...)."""


class TokenizerError(PlaygroundError):
    """Text cannot be turned into tokens with this vocabulary (e.g. unknown characters in a prompt)."""


class SampleError(PlaygroundError):
    """Text cannot be generated from this model (e.g. its outputs are not numbers)."""


class ConfigError(PlaygroundError):
    """A hyperparameter is out of range or inconsistent with another. `field` names the culprit."""

    def __init__(self, template: str, /, field: str | None = None, **params):
        super().__init__(template, **params)
        self.field = field


class RunError(PlaygroundError):
    """A run folder or checkpoint is missing, corrupt, of an unknown version or unsafe to open."""


class CorpusTooShortError(CorpusError, ConfigError):
    """The text is too short for the context window: a corpus problem and a settings one (`field` block_size).

    Catching either CorpusError or ConfigError catches it.
    """


def os_reason(error: Exception) -> str:
    """Why a file operation failed, for "Cannot read {path}: {reason}." messages.

    The common causes are phrases the app translates; the operating system's own text (English on most
    machines) is the fallback. safetensors reports I/O failures as "... (os error 28)", read the same way.
    """
    code = getattr(error, "errno", None)
    if code is None and (m := re.search(r"os error (\d+)", str(error))):
        code = int(m.group(1))
    phrases = {
        getattr(errno, "EDQUOT", errno.ENOSPC): Phrase("the disk quota is used up"),  # no EDQUOT on Windows
        errno.ENOSPC: Phrase("the disk is full"),
        errno.EROFS: Phrase("the disk is read-only"),
        errno.EACCES: Phrase("permission denied"),
        errno.EPERM: Phrase("permission denied"),
        errno.ENOENT: Phrase("its folder does not exist"),  # reads report a missing file before this
        errno.ENOTDIR: Phrase("a part of the path is a file, not a folder"),
        errno.EISDIR: Phrase("it is a folder"),
        errno.ENAMETOOLONG: Phrase("the name is too long"),
        errno.EMFILE: Phrase("too many files are open"),
        errno.EIO: Phrase("input/output error: the disk or its connection may be failing"),
    }
    return (code is not None and phrases.get(code)) or str(getattr(error, "strerror", None) or error)
