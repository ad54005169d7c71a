"""Where Balheon's bundled data files are: word lists, sample articles, icons, the style sheet.

They live in the repository's top-level resources/ folder, which the wheel installs as the package
`balheon_resources` (pyproject.toml, [tool.setuptools.package-dir]); an installed Balheon (a wheel, a
cluster worker's environment) finds them through importlib.resources. A source checkout run without
installing it reads its own resources/ first, so each checkout parses with the word lists it edits
whatever copy is installed.
"""
from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

PACKAGE = "balheon_resources"
_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


class LexiconError(Exception):
    """A word list that cannot be read. Parsing on without it would silently lose speakers and
    verbs (an empty list matches nothing), so this stops the parser and names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot read the word list {path}: {reason}")
        self.path = path


@lru_cache(maxsize=1)
def resource_root() -> Path:
    """The folder holding lexicons/, samples/, icons/ and style.qss."""
    if (_CHECKOUT / "__init__.py").is_file() and (_CHECKOUT / "lexicons").is_dir():
        return _CHECKOUT
    try:
        root = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        return _CHECKOUT  # not installed: reading a file from it raises and names the missing file
    # pip installs packages as folders, where files() is a pathlib.Path: the parser lists the word
    # lists in it and the viewer hands file paths to Qt.
    return Path(str(root))


def resource_path(*parts: str) -> Path:
    """A bundled file or folder, e.g. resource_path("lexicons"), resource_path("icons", "app.svg")."""
    return resource_root().joinpath(*parts)


def read_lexicon(path: Path, encoding: str = "utf-8-sig") -> str:
    """The text of a word list; a missing or unreadable file raises LexiconError naming it."""
    try:
        return Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise LexiconError(Path(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(Path(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise LexiconError(Path(path), exc.strerror or str(exc)) from None
