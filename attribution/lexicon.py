"""Word lists the rules use, loaded once from editable TSV files in resources/lexicons/."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .resources import LexiconError, read_lexicon, resource_path  # noqa: F401 - read_tsv raises LexiconError

DEFAULT_DIR = resource_path("lexicons")


def lexicon_dir() -> Path:
    """Where lexicons are read from: $BALHEON_LEXICONS if set, else the bundled resources."""
    return Path(os.environ.get("BALHEON_LEXICONS") or DEFAULT_DIR)


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a TSV word list; '#' starts a comment line, blank lines are skipped.
    A missing or unreadable file raises LexiconError naming it."""
    rows = []
    for line in read_lexicon(path, encoding="utf-8-sig").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Lexicons:
    reporting_verbs: frozenset[str]
    titles: tuple[str, ...]  # longest first
    connectives: frozenset[str]
    org_suffixes: tuple[str, ...]  # longest first
    weak_org_suffixes: frozenset[str]
    org_descriptors: dict[str, str]
    anonymous_heads: frozenset[str]
    pronouns: dict[str, str]
    nonspeech_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    surnames: dict[str, int]
    places: frozenset[str]
    given_syllables: frozenset[str] = frozenset()
    sieve_weights: dict[str, tuple[float, str]] = field(default_factory=dict)  # sieve -> (weight, tier)
    collective_heads: frozenset[str] = frozenset()  # 일각, 업계: sources that are many
    media_suffixes: frozenset[str] = frozenset()  # 신문, 일보, 타임스: a paper's name needs no country

    def title_of(self, word: str) -> str | None:
        """The title a word is or ends with (전략산업국장 → 국장), else None. Longest ending wins. An
        abbreviation or party in parentheses after it is seen through: 최고경영자(CEO), 의원(국민의힘)."""
        cache = self._title_cache  # asked ~450 times per article, mostly for the same few words
        if word in cache:
            return cache[word]
        key = word
        if word.endswith(")") and "(" in word and not word.startswith("("):
            word = word[: word.index("(")]
        found = cache[key] = _longest_ending(word, self._title_set, self._title_max, max_prefix=6)
        if len(cache) > 50_000:
            cache.clear()
        return found

    def collective(self, name: str) -> bool:
        """An unnamed source that is many (「누리꾼들」, 「업계」, 「일각」), not one person (「한 관계자」)."""
        head = name.split(" ")[-1]
        return head.endswith("들") or head in self.collective_heads or name in self.collective_heads

    def org_word(self, word: str) -> bool:
        """The word is itself an organisation ending (뉴스, 통신, 타임스, 그룹): 「파이낸셜 뉴스」 is no one's name."""
        return word in self._suffix_set

    def org_suffix_of(self, word: str) -> str | None:
        for size in range(min(len(word), self._suffix_max), 0, -1):
            suffix = word[-size:]
            if suffix not in self._suffix_set:
                continue
            if len(word) == size and (size < 3 or word in self._title_set):
                continue
            if size == 1 and len(word) < 3:
                continue
            return suffix
        return None

    @cached_property
    def _title_set(self) -> frozenset[str]:
        return _as_set(self.titles)

    @cached_property
    def _title_cache(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _title_max(self) -> int:
        return max(map(len, self.titles), default=0)

    @cached_property
    def _suffix_set(self) -> frozenset[str]:
        return _as_set(self.org_suffixes)

    @cached_property
    def _suffix_max(self) -> int:
        return max(map(len, self.org_suffixes), default=0)


@lru_cache(maxsize=64)
def _as_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def _longest_ending(word: str, endings: frozenset[str], longest: int, max_prefix: int) -> str | None:
    for size in range(min(len(word), longest), 0, -1):
        if len(word) - size > max_prefix:
            break
        if word[-size:] in endings:
            return word[-size:]
    return None


def _words(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows if row and row[0]]


@lru_cache(maxsize=4)
def load(directory: str | None = None) -> Lexicons:
    base = Path(directory) if directory else lexicon_dir()

    def rows(name: str) -> list[list[str]]:
        return read_tsv(base / name)

    by_length = lambda words: tuple(sorted(set(words), key=len, reverse=True))  # noqa: E731
    return Lexicons(
        reporting_verbs=frozenset(_words(rows("reporting_verbs.tsv"))),
        titles=by_length(_words(rows("titles.tsv"))),
        connectives=frozenset(_words(rows("connectives.tsv"))),
        org_suffixes=by_length(_words(rows("org_suffixes.tsv"))),
        weak_org_suffixes=frozenset(r[0] for r in rows("org_suffixes.tsv") if len(r) > 1 and r[1] == "weak"),
        org_descriptors={r[0]: (r[1] if len(r) > 1 else "") for r in rows("org_descriptors.tsv")},
        anonymous_heads=frozenset(_words(rows("anonymous_heads.tsv"))),
        pronouns={r[0]: (r[1] if len(r) > 1 else "person") for r in rows("pronouns.tsv")},
        nonspeech_nouns=frozenset(_words(rows("nonspeech_nouns.tsv"))),
        speech_nouns=frozenset(_words(rows("speech_nouns.tsv"))),
        surnames={r[0]: int(r[1]) if len(r) > 1 and r[1].isdigit() else 3 for r in rows("surnames.tsv")},
        places=frozenset(_words(rows("places.tsv"))),
        given_syllables=frozenset("".join(_words(rows("given_syllables.tsv")))),
        media_suffixes=frozenset(r[0] for r in rows("org_suffixes.tsv") if len(r) > 1 and r[1] == "media"),
        collective_heads=frozenset(r[0] for r in rows("anonymous_heads.tsv") if len(r) > 1 and r[1] == "group"),
        sieve_weights={r[0]: (float(r[1]), r[2] if len(r) > 2 else "context") for r in rows("sieve_weights.tsv")},
    )
