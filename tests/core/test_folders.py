"""Folder corpora: walked without recursion, in the same order as before; what cannot be read is skipped with
one note instead of failing the whole corpus."""

import os

import pytest

from playground.core.corpus import load_corpus
from playground.core.folders import walk_text_files

DEPTH = 5000


def _write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _make_deep(root, depth: int) -> None:
    """root/d/d/.../d (depth levels), one text file at the bottom; relative mkdirs, so no path is too long."""
    here = os.getcwd()
    os.chdir(root)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        with open("bottom.txt", "w") as f:
            f.write("at the very bottom")
    finally:
        os.chdir(here)


def _remove_deep(root, depth: int) -> None:
    # shutil.rmtree recurses too, and would fail on this folder like the old walk did
    here = os.getcwd()
    os.chdir(root)
    try:
        for _ in range(depth):
            os.chdir("d")
        os.unlink("bottom.txt")
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_the_walk_keeps_the_sorted_depth_first_order(tmp_path):
    for name in ("b/2.txt", "b/1/x.md", "a.txt", "c.txt", "b/0.txt", ".h/x.txt", "b/.x.txt", "b/p.pdf"):
        _write(tmp_path / name, name)
    walk = walk_text_files(tmp_path, (".txt", ".md"))
    assert [p.relative_to(tmp_path).as_posix() for p, _ in walk.files] == ["a.txt", "b/0.txt", "b/1/x.md",
                                                                           "b/2.txt", "c.txt"]
    assert walk.note(tmp_path) is None


@pytest.mark.skipif(os.name != "posix", reason="relative mkdir loop; POSIX path rules")
def test_a_folder_five_thousand_levels_deep_loads(tmp_path):
    _write(tmp_path / "top.txt", "at the top")
    _make_deep(tmp_path, DEPTH)
    try:
        c = load_corpus(tmp_path)
        # the walk goes as deep as the system lets a path be named; below that it is skipped, with a note
        assert c.documents[-1] == "at the top"
        if c.note is not None:
            assert "1 file(s) or folder(s)" in str(c.note) and "skipped" in str(c.note)
    finally:
        _remove_deep(tmp_path, DEPTH)


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_dangling_link_is_skipped_with_one_note(tmp_path):
    root = tmp_path / "texts"
    _write(root / "a.txt", "alpha")
    _write(root / "z" / "b.txt", "beta")
    (root / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "z" / "gone").symlink_to(tmp_path / "no-folder")
    c = load_corpus(root)
    assert c.documents == ["alpha", "beta"]
    note = str(c.note)
    assert note.startswith("2 file(s) or folder(s) in") and "broken.txt" in note and "broken link" in note


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unreadable_subfolder_and_file_are_skipped_with_one_note(tmp_path):
    root = tmp_path / "texts"
    _write(root / "a.txt", "alpha")
    _write(root / "locked" / "secret.txt", "hidden")
    _write(root / "no-read.txt", "private")
    (root / "locked").chmod(0)
    (root / "no-read.txt").chmod(0)
    try:
        c = load_corpus(root)
    finally:
        (root / "locked").chmod(0o755)
        (root / "no-read.txt").chmod(0o644)
    assert c.documents == ["alpha"]
    note = str(c.note)
    assert note.startswith("2 file(s) or folder(s)") and "permission denied" in note and "locked" in note


def test_the_folder_itself_unreadable_is_still_an_error(tmp_path):
    from playground.core.errors import CorpusError
    with pytest.raises(CorpusError, match="No such file or folder"):
        load_corpus(tmp_path / "missing")


def test_read_errors_are_skipped_with_one_note_even_as_root(tmp_path, monkeypatch):
    # the same as above where chmod cannot deny anything (root): the errors are made up instead
    from playground.core import corpus as corpus_mod
    from playground.core import folders as folders_mod
    root = tmp_path / "texts"
    _write(root / "a.txt", "alpha")
    _write(root / "locked" / "secret.txt", "hidden")
    _write(root / "no-read.txt", "private")
    real_scandir, real_open = os.scandir, open

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def fake_open(path, *args, **kw):
        if str(path).endswith("no-read.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(folders_mod.os, "scandir", scandir)
    monkeypatch.setattr(corpus_mod, "open", fake_open, raising=False)
    c = load_corpus(root)
    assert c.documents == ["alpha"]
    assert str(c.note).startswith("2 file(s) or folder(s)") and "permission denied" in str(c.note)
