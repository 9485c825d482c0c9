"""The configuration of the next run: presets, one field at a time, whether it can be trained on (and if not,
which field says why), kept in QSettings between sessions. Locked while a run trains."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, Signal

from playground.core.config import DEFAULT_PRESET, PRESETS, RunConfig, preset
from playground.core.errors import ConfigError, PlaygroundError
from playground.qt.messages import error_text

log = logging.getLogger(__name__)


def _copy(cfg: RunConfig) -> RunConfig:
    return RunConfig.from_dict(cfg.to_dict())


class Form(QObject):
    configChanged = Signal(object)      # RunConfig (a copy)
    validityChanged = Signal(str, str)  # message ("" when valid), field name ("corpus" for the corpus's own)

    def __init__(self, notices, corpus, settings, parent=None):
        # `corpus` is read for validity: a run needs a corpus long enough for its context length
        super().__init__(parent)
        self._notices = notices
        self._corpus = corpus
        self.settings = settings
        self.config = self._initial_config()   # the live configuration: read it, change it through set_config
        self._validity = ("", "")
        self._locked = False

    def _initial_config(self) -> RunConfig:
        saved = self.settings.value("config")
        if saved:
            try:
                cfg = RunConfig.from_dict(json.loads(saved))
                cfg.model.vocab_size = 0
                return cfg
            except (PlaygroundError, ValueError, TypeError):
                log.warning("ignoring unreadable saved configuration")
        return preset(DEFAULT_PRESET)

    def set_locked(self, locked: bool) -> None:
        """A run is training: its settings are its own, and these wait for the next run."""
        self._locked = locked

    def apply_preset(self, name: str) -> bool:
        if name not in PRESETS:
            return self._notices.refuse(self.tr("Unknown preset: {0}").format(name))
        cfg = preset(name)
        if "data" not in PRESETS[name]:
            cfg.data = _copy(self.config).data  # keep the user's tokenizer choice
        return self.set_config(cfg)

    def set_config(self, cfg: RunConfig) -> bool:
        """Make `cfg` the configuration of the next run. Refused while training (the run keeps its own)."""
        if self._locked:
            return self._notices.refuse(self.tr("Settings cannot change while training; they apply to the next "
                                                "run. Stop the run first."))
        self.config = _copy(cfg)
        self.config.model.vocab_size = 0
        self.settings.setValue("config", json.dumps(self.config.to_dict()))
        self.configChanged.emit(_copy(self.config))
        self.revalidate()
        return True

    def update_field(self, section: str, name: str, value) -> bool:
        """Set one field (`section` is "model", "train" or "data"), keeping the preset name if nothing moved."""
        cfg = _copy(self.config)
        part = getattr(cfg, section)
        if getattr(part, name) == value:
            return True
        setattr(part, name, value)
        cfg.preset = ""
        return self.set_config(cfg)

    def copy(self) -> RunConfig:
        return _copy(self.config)

    # --- validity --------------------------------------------------------------------------------------

    @property
    def validity(self) -> tuple[str, str]:
        return self._validity

    def check(self) -> tuple[str, str]:
        """Why the configuration cannot be trained on now, and the field at fault; ("", "") if it can."""
        try:
            self.config.validate()
        except ConfigError as e:
            return error_text(e), e.field or ""
        view = self._corpus.view
        if view is None:
            return self.tr("Load a corpus to train on (File ▸ Open corpus)."), "corpus"
        if view.problem:
            return error_text(view.problem), "corpus"
        if view.stats:
            # the engine's own rule: the split into training and validation text depends on the context length,
            # so the view's split (made for the length it was analysed with) cannot decide it
            from playground.core.dataset import check_length
            try:
                check_length(int(view.stats.get("tokens", 0)), self.config.model.block_size)
            except ConfigError as e:
                return error_text(e), e.field or ""
        return "", ""

    def revalidate(self) -> None:
        """Check again (the corpus changed, or the language: the message is said again in it)."""
        self.mark(*self.check())

    def mark(self, message: str, field_name: str) -> None:
        """Show `message` against `field_name`: what check() found, or a setting the core refused."""
        self._validity = (message, field_name)
        self.validityChanged.emit(message, field_name)
