"""A speaker's record over time, likely duplicates and what merging them would change.

Everything here is an SQL aggregate over one speaker's quotes (the per-speaker indexes serve them:
quotes_speaker_record holds every column the record reads),
so a speaker with 10,000 quotes in a million-quote archive answers in milliseconds: titles and
organisations with the dates of the articles that gave them, quotes per month and stance, the
articles quoted. Mixed into `db.store.Store`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .common import StoreError, chunks

_SPEECH = "status != 'not_speech'"
# Every column the record reads is in this index (migration 0008): no quote row is read. Named,
# because the planner prefers the narrower speaker indexes and would then read each row.
_RECORD = "INDEXED BY quotes_speaker_record"


@dataclass(frozen=True)
class Role:
    """A title and organisation the speaker had, per the articles that named them so."""

    title: str | None
    org: str | None
    first: str | None  # first article date (ISO), None if only undated articles
    last: str | None
    articles: int
    quotes: int
    dates: tuple[str, ...] = ()  # the distinct article dates, oldest first (at most MAX_DATES)


@dataclass(frozen=True)
class SpeakerRecord:
    speaker_id: int
    name: str
    type: str
    org: str | None
    quotes: int
    articles: int
    first: str | None
    last: str | None
    undated: int  # quotes from articles without a date (not in `months`)
    roles: tuple[Role, ...]
    months: tuple[tuple[str, dict[str, int]], ...]  # ("YYYY-MM", {stance or "": count}), oldest first
    headline_quotes: int = 0  # statements also quoted in a headline

    def stances(self) -> list[str]:
        """Stances in the record, most frequent first ('' = none)."""
        totals: dict[str, int] = {}
        for _m, mix in self.months:
            for k, v in mix.items():
                totals[k] = totals.get(k, 0) + v
        return sorted(totals, key=lambda k: (-totals[k], k))


@dataclass(frozen=True)
class ArticleSummary:
    """An article a speaker is quoted in."""

    id: int
    headline: str | None
    published: str | None
    outlet: str | None
    source_path: str | None
    quotes: int  # the speaker's quotes in it


@dataclass(frozen=True)
class DuplicateCandidate:
    """Another speaker who may be the same person, and why."""

    speaker_id: int
    name: str
    org: str | None
    titles: str
    quote_count: int
    reasons: tuple[str, ...]
    shared_articles: int = 0  # articles quoting both: two people in one story are rarely one


@dataclass(frozen=True)
class MergePreview:
    """What merging `remove` into `keep` would change, shown before the user decides."""

    keep_id: int
    remove_id: int
    keep_name: str
    remove_name: str
    moved_quotes: int
    quotes_after: int
    titles_before: tuple[str, ...]
    titles_after: tuple[str, ...]
    orgs_after: tuple[str, ...]  # organisations the articles gave the merged speaker
    first_after: str | None
    last_after: str | None
    alias: str  # the name (organisation) that will lead later articles to `keep`
    shared_articles: int
    sample: tuple[str, ...] = field(default=())  # a few of the quotes that move


MAX_DATES = 40


class RecordMixin:
    """Speaker record queries of `Store`."""

    def speaker_record(self, speaker_id: int) -> SpeakerRecord:
        """The speaker's record: roles with dates, quotes per month and stance, totals."""
        sp = self._one("SELECT id, name, type, org FROM speakers WHERE id = ?", (speaker_id,))
        if sp is None:
            raise StoreError(f"Speaker {speaker_id} does not exist (it may have been merged).")
        total, articles, first, last, undated, headline = self._one(
            f"SELECT count(*), count(DISTINCT article_id), min(published), max(published), "
            f"sum(published IS NULL), sum(in_headline) FROM quotes {_RECORD} WHERE speaker_id = ? AND {_SPEECH}",
            (speaker_id,),
        )
        roles = []
        for title, org, lo, hi, n_art, n_q, dates in self._all(
            "SELECT title, org, min(published), max(published), count(DISTINCT article_id), count(*), "
            f"group_concat(DISTINCT published) FROM quotes {_RECORD} "
            f"WHERE speaker_id = ? AND {_SPEECH} GROUP BY title, org ORDER BY min(published) IS NULL, min(published), "
            "count(*) DESC",
            (speaker_id,),
        ):
            ds = sorted(d for d in (dates or "").split(",") if d)
            if len(ds) > MAX_DATES:
                ds = ds[: MAX_DATES // 2] + ds[-MAX_DATES // 2 :]
            roles.append(Role(title, org, lo, hi, n_art, n_q, tuple(ds)))
        months: dict[str, dict[str, int]] = {}
        for month, stance, n in self._all(
            f"SELECT substr(published, 1, 7), COALESCE(stance, ''), count(*) FROM quotes {_RECORD} "
            f"WHERE speaker_id = ? AND {_SPEECH} AND published IS NOT NULL GROUP BY 1, 2 ORDER BY 1",
            (speaker_id,),
        ):
            months.setdefault(month, {})[stance] = n
        return SpeakerRecord(
            sp[0], sp[1], sp[2], sp[3], total or 0, articles or 0, first, last, int(undated or 0),
            tuple(roles), tuple(months.items()), int(headline or 0),
        )

    def speaker_article_ids(self, speaker_id: int, limit: int | None = None, offset: int = 0) -> list[int]:
        """Articles quoting the speaker, newest first (an index walk: quotes_speaker_record)."""
        sql = (
            f"SELECT article_id FROM quotes WHERE speaker_id = ? AND {_SPEECH} "
            "GROUP BY published, article_id ORDER BY published DESC, article_id DESC"
        )
        if limit is not None or offset:
            sql += f" LIMIT {-1 if limit is None else max(0, int(limit))} OFFSET {max(0, int(offset))}"
        return [r[0] for r in self._all(sql, (speaker_id,))]

    def speaker_article_count(self, speaker_id: int) -> int:
        return self._one(
            f"SELECT count(DISTINCT article_id) FROM quotes {_RECORD} WHERE speaker_id = ? AND {_SPEECH}", (speaker_id,)
        )[0]

    def article_summaries(self, ids: Sequence[int], speaker_id: int | None = None) -> list[ArticleSummary]:
        """Rows for the article ids, in the same order, with the speaker's quote count in each."""
        found: dict[int, ArticleSummary] = {}
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            counts = dict(self._all(
                f"SELECT article_id, count(*) FROM quotes WHERE article_id IN ({marks}) AND {_SPEECH}"
                + (" AND speaker_id = ?" if speaker_id is not None else "") + " GROUP BY article_id",
                [*chunk, speaker_id] if speaker_id is not None else chunk,
            ))
            for r in self._all(
                f"SELECT id, headline, published, outlet, source_path FROM articles WHERE id IN ({marks})", chunk
            ):
                found[r[0]] = ArticleSummary(*r, quotes=counts.get(r[0], 0))
        return [found[i] for i in ids if i in found]

    # -- likely duplicates ------------------------------------------------------------------------

    def likely_duplicates(self, speaker_id: int, limit: int = 20) -> list[DuplicateCandidate]:
        """Other speakers who may be this one: the same name (ignoring case and spaces) with another
        or no organisation, most likely first (a shared title, then a missing organisation)."""
        me = self._one("SELECT name_key, org_key, titles FROM speakers WHERE id = ?", (speaker_id,))
        if me is None:
            raise StoreError(f"Speaker {speaker_id} does not exist (it may have been merged).")
        name_key, org_key, titles = me
        mine = {t for t in titles.split(", ") if t}
        out = []
        for sid, name, org, okey, their_titles, count in self._all(
            "SELECT id, name, org, org_key, titles, quote_count FROM speakers WHERE name_key = ? AND id != ? "
            "ORDER BY quote_count DESC LIMIT ?",
            (name_key, speaker_id, max(1, int(limit)) * 3),
        ):
            theirs = {t for t in their_titles.split(", ") if t}
            reasons = []
            shared = sorted(mine & theirs)
            if shared:
                reasons.append("같은 직함: " + ", ".join(shared))
            if not okey or not org_key:
                reasons.append("한쪽에 소속이 없음")
            elif okey != org_key:
                reasons.append("이름이 같고 소속이 다름")
            together = self._shared_articles(speaker_id, sid)
            score = (len(shared) > 0) * 2 + (not okey or not org_key) - (together > 0) * 3
            out.append((score, count, DuplicateCandidate(sid, name, org, their_titles, count, tuple(reasons), together)))
        out.sort(key=lambda t: (-t[0], -t[1]))
        return [c for _s, _n, c in out[:limit]]

    def _shared_articles(self, a: int, b: int) -> int:
        """Articles quoting both speakers. The articles of the one with fewer quotes are probed for the
        other (by the article index): a speaker with 10,000 quotes is never read whole."""
        counts = dict(self._all("SELECT id, quote_count FROM speakers WHERE id IN (?, ?)", (a, b)))
        small, big = (a, b) if counts.get(a, 0) <= counts.get(b, 0) else (b, a)
        return self._one(
            "SELECT count(DISTINCT q.article_id) FROM quotes q "
            f"WHERE q.article_id IN (SELECT article_id FROM quotes WHERE speaker_id = ? AND {_SPEECH}) "
            f"AND +q.speaker_id = ? AND q.{_SPEECH}",
            (small, big),
        )[0]

    def duplicate_groups(self, limit: int = 200) -> list[tuple[int, ...]]:
        """Speaker ids sharing a name (ignoring case and spaces), the groups with most quotes first."""
        rows = self._all(
            "SELECT group_concat(id), sum(quote_count) FROM speakers GROUP BY name_key HAVING count(*) > 1 "
            "ORDER BY 2 DESC LIMIT ?",
            (max(1, int(limit)),),
        )
        return [tuple(int(x) for x in ids.split(",")) for ids, _n in rows]

    def merge_preview(self, keep_id: int, remove_id: int) -> MergePreview:
        """What merge_speakers(keep_id, remove_id) would change, computed without changing anything."""
        if keep_id == remove_id:
            raise StoreError("A speaker cannot be merged with itself.")
        keep = self._one("SELECT name, org, titles, quote_count FROM speakers WHERE id = ?", (keep_id,))
        remove = self._one("SELECT name, org, titles, quote_count FROM speakers WHERE id = ?", (remove_id,))
        if keep is None or remove is None:
            raise StoreError("One of the two speakers no longer exists (it may have been merged).")
        titles_after = [r[0] for r in self._all(
            f"SELECT title FROM quotes WHERE speaker_id IN (?, ?) AND {_SPEECH} AND title IS NOT NULL AND title != '' "
            "GROUP BY title ORDER BY title", (keep_id, remove_id))]
        orgs_after = [r[0] for r in self._all(
            f"SELECT org FROM quotes WHERE speaker_id IN (?, ?) AND {_SPEECH} AND org IS NOT NULL AND org != '' "
            "GROUP BY org ORDER BY count(*) DESC", (keep_id, remove_id))]
        moved, lo, hi = self._one(
            f"SELECT sum(speaker_id = ?), min(published), max(published) FROM quotes "
            f"WHERE speaker_id IN (?, ?) AND {_SPEECH}", (remove_id, keep_id, remove_id))
        all_moved = self._one("SELECT count(*) FROM quotes WHERE speaker_id = ?", (remove_id,))[0]
        together = self._shared_articles(keep_id, remove_id)
        sample = tuple(r[0] for r in self._all(
            f"SELECT text FROM quotes WHERE speaker_id = ? AND {_SPEECH} ORDER BY published DESC LIMIT 3", (remove_id,)))
        namesakes = keep[0] == remove[0]

        def label(name: str, org: str | None) -> str:
            """The name, with the organisation when both speakers bear the name (else they read the same)."""
            return name if not namesakes else f"{name} ({org or '소속 없음'})"

        return MergePreview(
            keep_id, remove_id, label(keep[0], keep[1]), label(remove[0], remove[1]), int(all_moved), int(keep[3]) + int(moved or 0),
            tuple(t for t in (keep[2] or "").split(", ") if t), tuple(titles_after), tuple(orgs_after), lo, hi,
            label(remove[0], remove[1]) if namesakes else remove[0] + (f" ({remove[1]})" if remove[1] else ""),
            int(together), sample,
        )
