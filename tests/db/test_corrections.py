"""Corrections are recorded with what they changed, and can be undone, redone, read back and exported."""
from __future__ import annotations

import csv

import pytest

import attribution
from db import QuoteFilter, Store, StoreError

from . import fakeparser
from .conftest import add_article, make_quote


@pytest.fixture
def two_speakers(fresh_db: Store):
    add_article(fresh_db, "기사 1", [make_quote("첫 발언", "홍길동", org="행정안전부", title="장관"),
                                   make_quote("둘째 발언", "홍길동", org="행정안전부", title="장관", start=10)],
                published="2025-01-02")
    add_article(fresh_db, "기사 2", [make_quote("셋째 발언", "김철수", org="국토교통부", title="차관")],
                published="2025-02-03")
    hong, = fresh_db.find_speakers("홍길동")
    kim, = fresh_db.find_speakers("김철수")
    q1, q2 = fresh_db.quote_ids(QuoteFilter(speaker_ids=(hong,)), sort="id", descending=False)
    q3, = fresh_db.quote_ids(QuoteFilter(speaker_ids=(kim,)))
    return fresh_db, hong, kim, (q1, q2, q3)


def snapshot(store: Store) -> tuple:
    """Everything a correction may touch, to compare before and after an undo."""
    conn = store._conn
    return (
        conn.execute("SELECT * FROM speakers ORDER BY id").fetchall(),
        conn.execute("SELECT id, speaker_id, title, status, needs_review, corrected_at FROM quotes ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM speaker_aliases ORDER BY name_key, org_key").fetchall(),
    )


def test_reassign_is_recorded_and_undone_and_redone(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    before = snapshot(store)
    store.reassign_quote(q1, kim)
    after = snapshot(store)
    assert store.quote(q1).speaker_id == kim and store.speaker(kim).quote_count == 2
    [entry] = store.history(quote_id=q1)
    assert entry.action == "reassign" and entry.state == "done" and entry.quote_text == "첫 발언"
    assert "홍길동" in entry.before and "김철수" in entry.after and "분석 결과 그대로" in entry.before
    assert store.next_undo().label.startswith("화자 변경")
    undone = store.undo()
    assert undone.state == "undone" and q1 in undone.quote_ids and {hong, kim} <= set(undone.speaker_ids)
    assert snapshot(store) == before  # speakers' cached counts and titles included
    assert store.next_undo() is None and store.next_redo().id == undone.id
    store.redo()
    assert snapshot(store) == after
    assert store.history(quote_id=q1)[0].state == "done"


def test_every_kind_of_correction_undoes_to_the_exact_state(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    states = [snapshot(store)]
    store.set_quote_title(q2, "전 장관")
    states.append(snapshot(store))
    store.mark_not_speech(q3)
    states.append(snapshot(store))
    store.mark_not_speech(q3, False)
    states.append(snapshot(store))
    store.confirm_quote(q1)
    states.append(snapshot(store))
    store.update_speaker(hong, name="홍길동(수정)", org="행안부", type="organization")
    states.append(snapshot(store))
    new = store.create_speaker("최신규", org="시민단체")
    states.append(snapshot(store))
    store.merge_speakers(kim, hong)
    states.append(snapshot(store))
    assert store.speaker_count() == 2 and store.speaker(kim).quote_count == 3
    assert [c.action for c in store.corrections()] == [
        "merge", "create_speaker", "edit_speaker", "confirm", "speech", "not_speech", "title"]
    for expected in reversed(states[:-1]):
        assert store.undo() is not None
        assert snapshot(store) == expected
    assert store.undo() is None
    assert store.speaker(hong).name == "홍길동" and store.find_speakers("최신규") == []
    for expected in states[1:]:
        assert store.redo() is not None
        assert snapshot(store) == expected
    assert store.redo() is None
    assert new in [s.id for s in store.speaker_rows(store.speaker_ids())]
    assert store.integrity_check() == []


def test_merge_undo_brings_the_speaker_back_with_its_id_aliases_and_quotes(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    store.update_speaker(hong, name="홍길동 장관")  # leaves the alias 홍길동 → hong
    store.merge_speakers(kim, hong)
    assert store.find_speakers("홍길동") == [kim] and store.find_speakers("홍길동 장관", "행정안전부") == [kim]
    store.undo()
    assert store.speaker(hong).name == "홍길동 장관"
    assert store.find_speakers("홍길동") == [hong] and store.find_speakers("홍길동 장관", "행정안전부") == [hong]
    assert [store.quote(q).speaker_id for q in (q1, q2, q3)] == [hong, hong, kim]
    # later articles land on the restored speaker again
    add_article(store, "기사 3", [make_quote("넷째 발언", "홍길동", org="행정안전부")])
    assert store.speaker(hong).quote_count == 3


def test_a_group_is_one_undo(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    with store.correction("reassign", "새 화자에게 두 발언"):
        sid = store.create_speaker("최신규", org="시민단체")
        store.reassign_quotes([q1, q2], sid)
    [c] = store.corrections()
    assert c.label == "새 화자에게 두 발언" and set(c.quote_ids) == {q1, q2}
    store.undo()
    assert store.find_speakers("최신규") == [] and store.speaker(hong).quote_count == 2


def test_a_failed_correction_records_nothing(two_speakers):
    store, hong, kim, _ = two_speakers
    with pytest.raises(StoreError):
        store.update_speaker(hong, name="김철수", org="국토교통부")  # clash: merge instead
    assert store.corrections() == [] and store.next_undo() is None


def test_a_new_correction_ends_redo(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    store.confirm_quote(q1)
    store.undo()
    store.confirm_quote(q2)
    assert store.next_redo() is None
    assert [c.state for c in store.corrections()] == ["done", "dropped"]


def test_undo_refuses_to_overwrite_a_later_change_and_moves_on(two_speakers):
    store, hong, kim, (q1, q2, q3) = two_speakers
    store.confirm_quote(q2)
    store.reassign_quote(q1, kim)
    # another program changes the quote behind this history's back
    store._conn.execute("UPDATE quotes SET speaker_id = NULL WHERE id = ?", (q1,))
    with pytest.raises(StoreError, match="cannot be undone"):
        store.undo()
    assert store.quote(q1).speaker_id is None  # left as the other program made it
    assert store.corrections()[0].state == "dropped"
    assert store.undo().action == "confirm"  # the next one still undoes
    assert store.quote(q2).status == "parsed"


def test_history_survives_reparse_and_corrections_still_undo(fake_parser, tmp_path, db_path, monkeypatch):
    from db.ingest import ingest_paths, reparse_articles

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(fakeparser.article(1, 3), encoding="utf-8")
    ingest_paths(db_path, [folder], jobs=1)
    with Store.open(db_path) as store:
        q1, q2, _q3 = store.quote_ids(QuoteFilter(), sort="id", descending=False)
        other = store.create_speaker("김철수", org="국토교통부")
        store.reassign_quote(q1, other)
        store.confirm_quote(q2)
    reparse_articles(db_path, jobs=1)
    with Store.open(db_path) as store:
        assert [c.action for c in store.corrections()] == ["confirm", "reassign", "create_speaker"]
        assert store.history(quote_id=q1)[0].quote_text.startswith("정부는 1번째")
        assert store.undo().action == "confirm"
        assert store.quote(q2).status == "parsed"
        assert store.undo().action == "reassign"
        assert store.quote(q1).speaker == "홍길동"


@pytest.fixture
def fake_parser(monkeypatch):
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)


def test_redo_follows_the_quote_by_its_place_across_a_reparse(fake_parser, tmp_path, db_path, monkeypatch):
    """A re-parse replaces parsed quotes: a redo applies to the quote now at the same place of the
    same article, and is refused when the new parse has no quote there."""
    from db.ingest import ingest_paths, reparse_articles

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(fakeparser.article(1, 2), encoding="utf-8")
    ingest_paths(db_path, [folder], jobs=1)
    with Store.open(db_path) as store:
        q1, q2 = store.quote_ids(QuoteFilter(), sort="id", descending=False)
        store.confirm_quote(q2)
        store.confirm_quote(q1)
        store.undo()
        store.undo()  # both parsed again: the re-parse replaces them

    # the new parser version no longer finds the first quote (module-level: parser processes import it)
    monkeypatch.setattr(attribution, "parse_text", fakeparser.all_but_first_quote)
    reparse_articles(db_path, jobs=1)
    with Store.open(db_path) as store:
        [(qid, text)] = [(r.id, r.text) for r in store.quote_rows(store.quote_ids(QuoteFilter()))]
        assert text.endswith("1번째로 말했다")
        assert store.redo().action == "confirm"  # the second quote is still there
        assert store.quote(qid).status == "confirmed"
        with pytest.raises(StoreError, match="no longer exists"):
            store.redo()  # the first one is gone
        assert store.integrity_check() == []


def test_history_exports_to_csv_with_korean_headers(two_speakers, tmp_path):
    store, hong, kim, (q1, q2, q3) = two_speakers
    store.reassign_quote(q1, kim)
    store.merge_speakers(kim, hong)
    store.undo()
    out = tmp_path / "history.csv"
    n = store.export_history_csv(out, korean_headers=True)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n >= 4
    assert {"수정 번호", "시각", "수정 종류", "이전", "이후", "상태"} <= set(rows[0])
    assert rows[0]["수정 종류"] == "화자 변경" and rows[0]["발언"] == "첫 발언"
    assert {r["상태"] for r in rows} == {"적용됨", "되돌림"}
    plain = tmp_path / "history-en.csv"
    store.export_history_csv(plain)
    with plain.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[:3] == ["correction_id", "at", "action"]
