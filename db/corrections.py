"""User corrections, each recorded with what it changed, so it can be undone, redone, read back and exported.

A correction (one user action: reassign these quotes, merge two speakers) is one `corrections` row
and one `correction_changes` row per table row it changed, with the changed fields before and after,
written in the same transaction as the change itself. Undo writes every `before` back (newest
change first), redo every `after` (oldest first), each only if the row still looks as the history
says it should: a row someone changed since (another window, a re-parse) stops the undo with a
message instead of overwriting their work. The history has no foreign keys, so it outlives a
re-parse (which replaces quotes) and a merge (which deletes a speaker).

Mixed into `db.store.Store`: the SQL stays in the store package, the viewer calls methods.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from .common import StoreError, blank_to_none, check_type, fold_key, now

_QUOTE_FIELDS = ("speaker_id", "title", "status", "needs_review", "corrected_at")
_SPEAKER_FIELDS = ("name", "type", "org", "name_key", "org_key", "created_by")
_STATUS_LABELS = {"parsed": "분석 결과 그대로", "confirmed": "확인함", "corrected": "수정함", "not_speech": "발언 아님"}
ACTION_LABELS = {
    "reassign": "화자 변경",
    "title": "직함 수정",
    "not_speech": "발언 아님 표시",
    "speech": "발언으로 되돌림",
    "confirm": "발언 확인",
    "edit_speaker": "화자 정보 수정",
    "merge": "화자 병합",
    "create_speaker": "새 화자",
    "group": "여러 수정",
}
HISTORY_COLUMNS = (
    "correction_id", "at", "action", "label", "state", "undone_at", "target", "quote_id", "article_id",
    "quote", "speaker_id", "before", "after",
)
HISTORY_COLUMNS_KO = (
    "수정 번호", "시각", "수정 종류", "내용", "상태", "되돌린 시각", "대상", "발언 번호", "기사 번호",
    "발언", "화자 번호", "이전", "이후",
)
_TYPE_LABELS = {"person": "인물", "organization": "기관", "anonymous": "익명", "unknown": "미상"}
_STATE_LABELS = {"done": "적용됨", "undone": "되돌림", "dropped": "다시 적용 불가"}


@dataclass(frozen=True)
class Correction:
    """One user action in the history."""

    id: int
    at: str
    action: str
    label: str
    state: str  # done | undone | dropped
    undone_at: str | None = None
    quote_ids: tuple[int, ...] = ()
    speaker_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    """One changed row of a correction, readable: what it was, what it became."""

    correction_id: int
    at: str
    action: str
    label: str
    state: str
    undone_at: str | None
    target: str  # quote | speaker | alias
    quote_id: int | None
    article_id: int | None
    quote_text: str | None
    speaker_id: int | None
    before: str
    after: str


class _Stale(Exception):
    """A row no longer looks as the history says: the undo/redo would overwrite someone's change."""


@dataclass
class _Pending:
    action: str
    label: str | None
    changes: list[dict] = field(default_factory=list)


class CorrectionsMixin:
    """The correction methods of `Store` (see the module docstring)."""

    _pending: _Pending | None = None

    # -- recording ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def correction(self, action: str = "group", label: str | None = None) -> Iterator[Any]:
        """Group the corrections made inside into one undoable step, in one transaction.

        Nested calls (a method called inside a group) join the outer group; the outer label wins.
        """
        if self._pending is not None:
            if self._pending.label is None and label:
                self._pending.label = label
            yield self
            return
        with self._write() as conn:
            self._pending = _Pending(action, label)
            try:
                yield self
                self._save_pending(conn)
            finally:
                self._pending = None

    def _save_pending(self, conn: sqlite3.Connection) -> None:
        p = self._pending
        if p is None or not p.changes:
            return
        actions = {c["action"] for c in p.changes}
        action = p.action if p.action != "group" or len(actions) != 1 else actions.pop()
        label = p.label or _default_label(action, p.changes)
        # A new correction ends what could be redone: redo follows the undo stack only.
        conn.execute("UPDATE corrections SET state = 'dropped' WHERE state = 'undone'")
        cid = conn.execute(
            "INSERT INTO corrections (at, action, label) VALUES (?, ?, ?)", (now(), action, label)
        ).lastrowid
        conn.executemany(
            "INSERT INTO correction_changes (correction_id, kind, quote_id, article_id, quote_start, quote_text, "
            "speaker_id, name_key, org_key, before, after, before_text, after_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (cid, c["kind"], c.get("quote_id"), c.get("article_id"), c.get("quote_start"), c.get("quote_text"),
                 c.get("speaker_id"), c.get("name_key"), c.get("org_key"), _dump(c["before"]), _dump(c["after"]),
                 c.get("before_text", ""), c.get("after_text", ""))
                for c in p.changes
            ],
        )

    def _note(self, change: dict) -> None:
        if self._pending is None:  # every recording method runs inside correction()
            raise RuntimeError("a correction was written outside Store.correction()")
        self._pending.changes.append(change)

    @staticmethod
    def _quote_state(conn: sqlite3.Connection, quote_id: int) -> dict | None:
        r = conn.execute(
            "SELECT speaker_id, title, status, needs_review, corrected_at, article_id, \"start\", text "
            "FROM quotes WHERE id = ?", (quote_id,)
        ).fetchone()
        if r is None:
            return None
        return dict(zip(_QUOTE_FIELDS + ("article_id", "start", "text"), r))

    @staticmethod
    def _speaker_state(conn: sqlite3.Connection, speaker_id: int) -> dict | None:
        r = conn.execute(
            f"SELECT {', '.join(_SPEAKER_FIELDS)} FROM speakers WHERE id = ?", (speaker_id,)
        ).fetchone()
        return None if r is None else dict(zip(_SPEAKER_FIELDS, r))

    @staticmethod
    def _alias_state(conn: sqlite3.Connection, name_key: str, org_key: str) -> dict | None:
        r = conn.execute(
            "SELECT speaker_id FROM speaker_aliases WHERE name_key = ? AND org_key = ?", (name_key, org_key)
        ).fetchone()
        return None if r is None else {"speaker_id": r[0]}

    def _note_quote(self, conn: sqlite3.Connection, action: str, quote_id: int, before: dict) -> None:
        after = self._quote_state(conn, quote_id)
        b = {k: before[k] for k in _QUOTE_FIELDS}
        a = {k: after[k] for k in _QUOTE_FIELDS} if after else None
        if a == b:
            return
        changed = [k for k in _QUOTE_FIELDS if a is None or a[k] != b[k]]
        self._note({
            "action": action, "kind": "quote", "quote_id": quote_id, "article_id": before["article_id"],
            "quote_start": before["start"], "quote_text": before["text"], "before": b, "after": a,
            "before_text": _describe_quote(conn, b, changed), "after_text": _describe_quote(conn, a, changed),
        })

    def _note_speaker(self, conn: sqlite3.Connection, action: str, speaker_id: int, before: dict | None) -> None:
        after = self._speaker_state(conn, speaker_id)
        if after == before:
            return
        self._note({
            "action": action, "kind": "speaker", "speaker_id": speaker_id, "before": before, "after": after,
            "before_text": _describe_speaker(before), "after_text": _describe_speaker(after),
        })

    def _note_alias(self, conn: sqlite3.Connection, action: str, key: tuple[str, str], before: dict | None) -> None:
        after = self._alias_state(conn, *key)
        if after == before:
            return
        sid = (after or before or {}).get("speaker_id")
        self._note({
            "action": action, "kind": "alias", "speaker_id": sid, "name_key": key[0], "org_key": key[1],
            "before": before, "after": after,
            "before_text": _describe_alias(conn, key, before), "after_text": _describe_alias(conn, key, after),
        })

    # -- helpers shared with ingest -------------------------------------------------------------

    def _refresh_speakers(self, conn: sqlite3.Connection, speaker_ids: Sequence[int | None]) -> None:
        """Recompute the cached quote_count and titles of these speakers (inside the caller's transaction)."""
        for sid in {s for s in speaker_ids if s is not None}:
            count = conn.execute(
                "SELECT count(*) FROM quotes WHERE speaker_id = ? AND status != 'not_speech'", (sid,)
            ).fetchone()[0]
            titles = [
                r[0]
                for r in conn.execute(
                    "SELECT title FROM quotes WHERE speaker_id = ? AND status != 'not_speech' AND title IS NOT NULL "
                    "AND title != '' GROUP BY title ORDER BY title",
                    (sid,),
                )
            ]
            conn.execute(
                "UPDATE speakers SET quote_count = ?, titles = ? WHERE id = ?", (count, ", ".join(titles), sid)
            )

    def _require_quote(self, conn: sqlite3.Connection, quote_id: int) -> dict:
        state = self._quote_state(conn, quote_id)
        if state is None:
            raise StoreError(f"Quote {quote_id} does not exist.")
        return state

    def _quote_speaker(self, conn: sqlite3.Connection, quote_id: int) -> int | None:
        return self._require_quote(conn, quote_id)["speaker_id"]

    def _require_speaker(self, conn: sqlite3.Connection, speaker_id: int) -> tuple:
        r = conn.execute("SELECT id, name, type, org, name_key, org_key FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
        if r is None:
            raise StoreError(f"Speaker {speaker_id} does not exist (it may have been merged).")
        return r

    # -- corrections ----------------------------------------------------------------------------

    def reassign_quote(self, quote_id: int, speaker_id: int | None) -> None:
        """Attribute a quote to another speaker (None: unknown speaker); the quote becomes 'corrected'."""
        self.reassign_quotes([quote_id], speaker_id)

    def reassign_quotes(self, quote_ids: Sequence[int], speaker_id: int | None) -> None:
        """reassign_quote for several quotes, as one correction (one undo)."""
        with self.correction("reassign"), self._write() as conn:
            if speaker_id is not None:
                self._require_speaker(conn, speaker_id)
            touched = self._correct_quotes(conn, "reassign", quote_ids, "speaker_id", speaker_id)
            self._refresh_speakers(conn, [speaker_id, *touched])

    def _correct_quotes(self, conn, kind: str, quote_ids: Sequence[int], column: str, value) -> list[int | None]:
        """Set `column` ("speaker_id" or "title") of each quote to `value` as a user's correction (reviewed,
        'corrected' unless marked not-speech), noting each one's state before for undo; the speakers they had."""
        assert column in ("speaker_id", "title")  # a fixed column name, never user input
        had: list[int | None] = []
        stamp = now()
        for qid in quote_ids:
            before = self._require_quote(conn, qid)
            had.append(before["speaker_id"])
            conn.execute(
                f"UPDATE quotes SET {column} = ?, needs_review = 0, corrected_at = ?, "
                "status = CASE WHEN status = 'not_speech' THEN status ELSE 'corrected' END WHERE id = ?",
                (value, stamp, qid),
            )
            self._note_quote(conn, kind, qid, before)
        return had

    def update_speaker(
        self, speaker_id: int, *, name: str | None = None, org: str | None = None, type: str | None = None
    ) -> None:
        """Rename a speaker, change its organisation (org="" clears it) or type.

        The old name/org is kept as an alias so that later articles still land on this speaker.
        StoreError if another speaker already has the new name and organisation: merge them instead.
        """
        with self.correction("edit_speaker"), self._write() as conn:
            _, old_name, old_type, old_org, old_nkey, old_okey = self._require_speaker(conn, speaker_id)
            new_name = old_name if name is None else blank_to_none(name)
            if new_name is None:
                raise StoreError("A speaker needs a name.")
            new_org = old_org if org is None else blank_to_none(org)
            new_type = old_type if type is None else check_type(type)
            nkey, okey = fold_key(new_name), fold_key(new_org)
            clash = conn.execute(
                "SELECT id, name FROM speakers WHERE name_key = ? AND org_key = ? AND id != ?", (nkey, okey, speaker_id)
            ).fetchone()
            if clash is not None:
                where = f" ({new_org})" if new_org else ""
                raise StoreError(
                    f"Another speaker is already called {clash[1]}{where}; merge the two speakers instead."
                )
            before = self._speaker_state(conn, speaker_id)
            keys = [(nkey, okey), (old_nkey, old_okey)]
            aliases = {k: self._alias_state(conn, *k) for k in keys}
            conn.execute(
                "UPDATE speakers SET name = ?, org = ?, type = ?, name_key = ?, org_key = ? WHERE id = ?",
                (new_name, new_org, new_type, nkey, okey, speaker_id),
            )
            if (nkey, okey) != (old_nkey, old_okey):
                conn.execute("DELETE FROM speaker_aliases WHERE name_key = ? AND org_key = ?", (nkey, okey))
                conn.execute(
                    "INSERT OR REPLACE INTO speaker_aliases (name_key, org_key, speaker_id) VALUES (?, ?, ?)",
                    (old_nkey, old_okey, speaker_id),
                )
            self._note_speaker(conn, "edit_speaker", speaker_id, before)
            for k in dict.fromkeys(keys):
                self._note_alias(conn, "edit_speaker", k, aliases[k])

    def set_quote_title(self, quote_id: int, title: str | None) -> None:
        """The speaker's title in this quote's article (None or '' clears it); the quote becomes 'corrected'."""
        self.set_quote_titles([quote_id], title)

    def set_quote_titles(self, quote_ids: Sequence[int], title: str | None) -> None:
        """set_quote_title for several quotes, as one correction."""
        with self.correction("title"), self._write() as conn:
            self._refresh_speakers(conn, self._correct_quotes(conn, "title", quote_ids, "title", blank_to_none(title)))

    def merge_speakers(self, keep_id: int, remove_id: int) -> None:
        """Move every quote of `remove_id` to `keep_id` and delete `remove_id`; its name becomes an alias."""
        if keep_id == remove_id:
            return
        with self.correction("merge"), self._write() as conn:
            self._require_speaker(conn, keep_id)
            _, _, _, _, nkey, okey = self._require_speaker(conn, remove_id)
            moved = [r[0] for r in conn.execute("SELECT id FROM quotes WHERE speaker_id = ? ORDER BY id", (remove_id,))]
            befores = {qid: self._quote_state(conn, qid) for qid in moved}
            alias_keys = [tuple(r) for r in conn.execute(
                "SELECT name_key, org_key FROM speaker_aliases WHERE speaker_id = ?", (remove_id,))]
            alias_keys = list(dict.fromkeys(alias_keys + [(nkey, okey)]))
            aliases = {k: self._alias_state(conn, *k) for k in alias_keys}
            speaker_before = self._speaker_state(conn, remove_id)
            conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (keep_id, remove_id))
            conn.execute("UPDATE speaker_aliases SET speaker_id = ? WHERE speaker_id = ?", (keep_id, remove_id))
            conn.execute("DELETE FROM speakers WHERE id = ?", (remove_id,))
            conn.execute(
                "INSERT OR REPLACE INTO speaker_aliases (name_key, org_key, speaker_id) VALUES (?, ?, ?)",
                (nkey, okey, keep_id),
            )
            # Recorded in an order whose reverse undoes cleanly: the speaker comes back first.
            for qid in moved:
                self._note_quote(conn, "merge", qid, befores[qid])
            for k in alias_keys:
                self._note_alias(conn, "merge", k, aliases[k])
            self._note_speaker(conn, "merge", remove_id, speaker_before)
            self._refresh_speakers(conn, [keep_id])

    def create_speaker(self, name: str, type: str = "person", org: str | None = None) -> int:
        """A new speaker (e.g. to reassign a quote to); returns the existing id if name and org already exist."""
        clean = blank_to_none(name)
        if clean is None:
            raise StoreError("A speaker needs a name.")
        org = blank_to_none(org)
        with self.correction("create_speaker"), self._write() as conn:
            existing = conn.execute(
                "SELECT id FROM speakers WHERE name_key = ? AND org_key = ?", (fold_key(clean), fold_key(org))
            ).fetchone()
            if existing:
                return existing[0]
            cur = conn.execute(
                "INSERT INTO speakers (name, type, org, name_key, org_key, created_by) VALUES (?, ?, ?, ?, ?, 'user')",
                (clean, check_type(type or "person"), org, fold_key(clean), fold_key(org)),
            )
            self._note_speaker(conn, "create_speaker", cur.lastrowid, None)
            return cur.lastrowid

    def mark_not_speech(self, quote_id: int, not_speech: bool = True) -> None:
        """Mark a quoted span as not speech (a title, a slogan), or undo that (it becomes 'confirmed'/'corrected')."""
        self.mark_quotes_not_speech([quote_id], not_speech)

    def mark_quotes_not_speech(self, quote_ids: Sequence[int], not_speech: bool = True) -> None:
        action = "not_speech" if not_speech else "speech"
        with self.correction(action), self._write() as conn:
            touched = []
            for qid in quote_ids:
                before = self._require_quote(conn, qid)
                touched.append(before["speaker_id"])
                if not_speech:
                    conn.execute("UPDATE quotes SET status = 'not_speech', needs_review = 0 WHERE id = ?", (qid,))
                else:
                    # corrected_at is only set by speaker/title corrections, so it tells which status to return to.
                    conn.execute(
                        "UPDATE quotes SET needs_review = 0, status = CASE WHEN status != 'not_speech' THEN status "
                        "WHEN corrected_at IS NOT NULL THEN 'corrected' ELSE 'confirmed' END WHERE id = ?",
                        (qid,),
                    )
                self._note_quote(conn, action, qid, before)
            self._refresh_speakers(conn, touched)

    def confirm_quote(self, quote_id: int) -> None:
        """The user checked the quote: 'parsed' becomes 'confirmed' (a corrected quote stays 'corrected')."""
        self.confirm_quotes([quote_id])

    def confirm_quotes(self, quote_ids: Sequence[int]) -> None:
        with self.correction("confirm"), self._write() as conn:
            touched = []
            for qid in quote_ids:
                before = self._require_quote(conn, qid)
                touched.append(before["speaker_id"])
                conn.execute(
                    "UPDATE quotes SET needs_review = 0, status = CASE WHEN status = 'corrected' THEN status "
                    "ELSE 'confirmed' END WHERE id = ?",
                    (qid,),
                )
                self._note_quote(conn, "confirm", qid, before)
            self._refresh_speakers(conn, touched)

    # -- undo and redo --------------------------------------------------------------------------

    def next_undo(self) -> Correction | None:
        """The correction Ctrl+Z would undo (the newest one still applied), or None."""
        r = self._one("SELECT id FROM corrections WHERE state = 'done' ORDER BY id DESC LIMIT 1")
        return None if r is None else self.correction_row(r[0])

    def next_redo(self) -> Correction | None:
        """The correction redo would apply again (the last one undone), or None."""
        r = self._one("SELECT id FROM corrections WHERE state = 'undone' ORDER BY id ASC LIMIT 1")
        return None if r is None else self.correction_row(r[0])

    def undo(self) -> Correction | None:
        """Undo the newest correction still applied; None if there is none.

        StoreError (and the correction is set aside as 'dropped') when a row it changed was changed
        again since by something else: undoing would overwrite that change."""
        return self._step("done", "undone")

    def redo(self) -> Correction | None:
        """Apply again the correction undone last; None if there is none (or a new correction came since)."""
        return self._step("undone", "done")

    def _step(self, state: str, to_state: str) -> Correction | None:
        order = "DESC" if state == "done" else "ASC"
        try:
            with self._write() as conn:
                r = conn.execute(
                    f"SELECT id FROM corrections WHERE state = ? ORDER BY id {order} LIMIT 1", (state,)
                ).fetchone()
                if r is None:
                    return None
                cid = r[0]
                rows = conn.execute(
                    "SELECT kind, quote_id, article_id, quote_start, speaker_id, name_key, org_key, before, after "
                    f"FROM correction_changes WHERE correction_id = ? ORDER BY id {order}",
                    (cid,),
                ).fetchall()
                undo = state == "done"
                speakers = self._apply_changes(conn, rows, undo)
                self._refresh_speakers(conn, speakers)
                conn.execute(
                    "UPDATE corrections SET state = ?, undone_at = ? WHERE id = ?",
                    (to_state, now() if undo else None, cid),
                )
        except _Stale as exc:
            with self._write() as conn:
                conn.execute("UPDATE corrections SET state = 'dropped' WHERE id = ?", (cid,))
            what = "undone" if state == "done" else "redone"
            raise StoreError(f"This correction cannot be {what}: {exc} It was set aside; the history keeps it.") from None
        return self.correction_row(cid)

    def _apply_changes(self, conn: sqlite3.Connection, rows: list[tuple], undo: bool) -> list[int | None]:
        """Write back `before` (undo) or `after` (redo) of each change, checking each row first."""
        touched: list[int | None] = []
        for kind, qid, aid, qstart, sid, nkey, okey, before, after in rows:
            want, have = (_load(before), _load(after)) if undo else (_load(after), _load(before))
            if kind == "quote":
                cur = self._quote_state(conn, qid)
                if cur is None or (aid is not None and (cur["article_id"], cur["start"]) != (aid, qstart)):
                    # A re-parse replaced the quote: the statement is the one now at the same place.
                    found = conn.execute(
                        'SELECT id FROM quotes WHERE article_id = ? AND "start" = ? ORDER BY id LIMIT 1', (aid, qstart)
                    ).fetchone()
                    if found is None:
                        raise _Stale(f"quote {qid} no longer exists (re-parsed or deleted).")
                    qid, cur = found[0], self._quote_state(conn, found[0])
                if have is None or {k: cur[k] for k in have} != have:
                    raise _Stale(f"quote {qid} was changed again since.")
                if want is None:
                    raise _Stale(f"quote {qid} cannot be restored.")
                touched += [cur["speaker_id"], want.get("speaker_id")]
                if want.get("speaker_id") is not None and self._speaker_state(conn, want["speaker_id"]) is None:
                    raise _Stale(f"speaker {want['speaker_id']} no longer exists.")
                cols = ", ".join(f"{k} = ?" for k in want)
                conn.execute(f"UPDATE quotes SET {cols} WHERE id = ?", [*want.values(), qid])
            elif kind == "speaker":
                cur = self._speaker_state(conn, sid)
                if cur != have:
                    raise _Stale(f"speaker {sid} was changed again since.")
                if want is None:
                    if conn.execute("SELECT 1 FROM quotes WHERE speaker_id = ? LIMIT 1", (sid,)).fetchone():
                        raise _Stale(f"speaker {sid} has quotes again.")
                    conn.execute("DELETE FROM speakers WHERE id = ?", (sid,))
                elif cur is None:
                    try:
                        conn.execute(
                            f"INSERT INTO speakers (id, {', '.join(want)}) VALUES (?, {', '.join('?' * len(want))})",
                            [sid, *want.values()],
                        )
                    except sqlite3.IntegrityError:
                        raise _Stale(f"another speaker now has the name of speaker {sid}.") from None
                    touched.append(sid)
                else:
                    cols = ", ".join(f"{k} = ?" for k in want)
                    try:
                        conn.execute(f"UPDATE speakers SET {cols} WHERE id = ?", [*want.values(), sid])
                    except sqlite3.IntegrityError:
                        raise _Stale(f"another speaker now has the name of speaker {sid}.") from None
            else:  # alias
                cur = self._alias_state(conn, nkey, okey)
                if cur != have:
                    raise _Stale("a speaker alias was changed again since.")
                if want is None:
                    conn.execute("DELETE FROM speaker_aliases WHERE name_key = ? AND org_key = ?", (nkey, okey))
                else:
                    if self._speaker_state(conn, want["speaker_id"]) is None:
                        raise _Stale(f"speaker {want['speaker_id']} no longer exists.")
                    conn.execute(
                        "INSERT OR REPLACE INTO speaker_aliases (name_key, org_key, speaker_id) VALUES (?, ?, ?)",
                        (nkey, okey, want["speaker_id"]),
                    )
        return touched

    # -- reading the history --------------------------------------------------------------------

    def correction_row(self, correction_id: int) -> Correction:
        r = self._one("SELECT id, at, action, label, state, undone_at FROM corrections WHERE id = ?", (correction_id,))
        if r is None:
            raise StoreError(f"Correction {correction_id} does not exist.")
        quotes, speakers = [], []
        for qid, sid, before, after in self._all(
            "SELECT quote_id, speaker_id, before, after FROM correction_changes WHERE correction_id = ? ORDER BY id",
            (correction_id,),
        ):
            if qid is not None:
                quotes.append(qid)
                for state in (_load(before), _load(after)):
                    if state and state.get("speaker_id") is not None:
                        speakers.append(state["speaker_id"])
            if sid is not None:
                speakers.append(sid)
        return Correction(*r, quote_ids=tuple(dict.fromkeys(quotes)), speaker_ids=tuple(dict.fromkeys(speakers)))

    def corrections(self, limit: int | None = None, offset: int = 0) -> list[Correction]:
        """The corrections, newest first."""
        sql = "SELECT id FROM corrections ORDER BY id DESC"
        if limit is not None or offset:
            sql += f" LIMIT {-1 if limit is None else max(0, int(limit))} OFFSET {max(0, int(offset))}"
        return [self.correction_row(r[0]) for r in self._all(sql)]

    def correction_count(self) -> int:
        return self._one("SELECT count(*) FROM corrections")[0]

    def history(self, quote_id: int | None = None, speaker_id: int | None = None,
                limit: int | None = None, newest_first: bool = False) -> list[HistoryEntry]:
        """Changed rows with their correction, oldest first (or newest first): all, or those of one
        quote or speaker (a speaker's own changes: renames, merges, creation)."""
        where, params = [], []
        if quote_id is not None:
            where.append("c.quote_id = ?")
            params.append(int(quote_id))
        if speaker_id is not None:
            where.append("c.speaker_id = ? AND c.kind != 'quote'")
            params.append(int(speaker_id))
        sql = (
            "SELECT k.id, k.at, k.action, k.label, k.state, k.undone_at, c.kind, c.quote_id, c.article_id, "
            "c.quote_text, c.speaker_id, c.before_text, c.after_text "
            "FROM correction_changes c JOIN corrections k ON k.id = c.correction_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + (" ORDER BY c.id DESC" if newest_first else " ORDER BY c.id")
        )
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        return [HistoryEntry(*r) for r in self._all(sql, params)]

    def export_history_csv(self, out_path: str | Path, *, korean_headers: bool = False) -> int:
        """Write the whole correction history to CSV (UTF-8 with BOM), one row per changed row; returns rows."""
        from .store import guard_cell

        def rows() -> Iterator[list]:
            for e in self.history():
                cells = [e.correction_id, e.at, ACTION_LABELS.get(e.action, e.action) if korean_headers else e.action,
                         e.label, _STATE_LABELS.get(e.state, e.state) if korean_headers else e.state,
                         e.undone_at or "", e.target, e.quote_id or "", e.article_id or "", e.quote_text or "",
                         e.speaker_id or "", e.before, e.after]
                yield [guard_cell(c) for c in cells]

        return self._write_csv(out_path, HISTORY_COLUMNS_KO if korean_headers else HISTORY_COLUMNS, rows())


# ---------------------------------------------------------------------------------------------


def _dump(state: dict | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def _speaker_name(conn: sqlite3.Connection, speaker_id: int | None) -> str:
    if speaker_id is None:
        return "(미상)"
    r = conn.execute("SELECT name, org FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    if r is None:
        return f"화자 {speaker_id}"
    return f"{r[0]} ({r[1]})" if r[1] else r[0]


def _describe_quote(conn: sqlite3.Connection, state: dict | None, fields: list[str]) -> str:
    if state is None:
        return "(없음)"
    parts = []
    for k in fields:
        v = state.get(k)
        if k == "speaker_id":
            parts.append(f"화자: {_speaker_name(conn, v)}")
        elif k == "title":
            parts.append(f"직함: {v or '(없음)'}")
        elif k == "status":
            parts.append(f"상태: {_STATUS_LABELS.get(v, v)}")
        elif k == "needs_review":
            parts.append("검토 필요" if v else "검토 끝")
    return " · ".join(parts)


def _describe_speaker(state: dict | None) -> str:
    if state is None:
        return "(없음)"
    kind = _TYPE_LABELS.get(state.get("type"), "")
    return " · ".join(x for x in (state.get("name"), state.get("org") or "소속 없음", kind) if x)


def _describe_alias(conn: sqlite3.Connection, key: tuple[str, str], state: dict | None) -> str:
    name = key[0] + (f" ({key[1]})" if key[1] else "")
    if state is None:
        return f"별칭 {name}: 없음"
    return f"별칭 {name} → {_speaker_name(conn, state['speaker_id'])}"


def _default_label(action: str, changes: list[dict]) -> str:
    what = ACTION_LABELS.get(action, action)
    quotes = [c for c in changes if c["kind"] == "quote"]
    speakers = [c for c in changes if c["kind"] == "speaker"]
    if action in ("reassign",) and quotes:
        after = quotes[-1]["after_text"].split(" · ")[0].replace("화자: ", "")
        return f"{what}: 발언 {len(quotes)}건 → {after}"
    if action == "merge" and speakers:
        return f"{what}: {speakers[-1]['before_text'].split(' · ')[0]} (발언 {len(quotes)}건 옮김)"
    if action == "edit_speaker" and speakers:
        return f"{what}: {speakers[0]['before_text']} → {speakers[0]['after_text']}"
    if action == "create_speaker" and speakers:
        return f"{what}: {speakers[0]['after_text']}"
    if quotes:
        return f"{what}: 발언 {len(quotes)}건"
    return what


__all__ = ["ACTION_LABELS", "Correction", "CorrectionsMixin", "HISTORY_COLUMNS", "HISTORY_COLUMNS_KO", "HistoryEntry"]
