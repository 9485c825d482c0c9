"""The Qt-free engine: corpus, tokenizer, model, trainer, sampler and run folders.

The GUI, the command line and the tests all drive this package; it must never import Qt.
"""

from playground.core.errors import ConfigError, CorpusError, PlaygroundError, RunError, TokenizerError

__all__ = ["PlaygroundError", "CorpusError", "ConfigError", "RunError", "TokenizerError"]
