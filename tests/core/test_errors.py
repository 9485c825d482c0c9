"""Core messages are templates with their values kept apart, so the app can translate them."""

from playground.core.corpus import decode_bytes
from playground.core.errors import ConfigError, CorpusError, Phrase


def test_a_message_is_its_template_filled_in_and_keeps_both_parts():
    e = ConfigError("{name} must be at least {min:g}; got {value:g}.", "n_layer", name="n_layer", min=1, value=0)
    assert str(e) == "n_layer must be at least 1; got 0."
    assert e.field == "n_layer" and e.template.startswith("{name}") and e.params["value"] == 0


def test_values_with_braces_never_break_a_message():
    assert str(CorpusError("No such file or folder: {path}", path="/tmp/{odd}")) == "No such file or folder: /tmp/{odd}"
    assert str(CorpusError("A message {without} fields stays as written.")) == "A message {without} fields stays as written."


def test_a_binary_file_names_its_format_as_a_phrase_to_translate():
    try:
        decode_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    except CorpusError as e:
        assert str(e).startswith("The text is a PDF document, not text.")
        assert isinstance(e.params["format"], Phrase) and isinstance(e.params["what"], Phrase)
    else:
        raise AssertionError("a PDF was taken for text")
