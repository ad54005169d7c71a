"""Whatever sequence of ingests and corrections, the speaker caches match the quotes they summarise."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import QuoteFilter, Store, StoreError

from .conftest import make_quote

NAMES = ["홍길동", "김철수", "이영희"]
ORGS = ["국방부", "서울대", None]
TITLES = ["장관", "교수", None]

article = st.lists(st.tuples(st.sampled_from(NAMES + [None]), st.sampled_from(ORGS), st.sampled_from(TITLES)),
                   min_size=1, max_size=3)
operation = st.one_of(
    st.tuples(st.just("add"), article),
    st.tuples(st.just("reassign"), st.integers(0, 30), st.integers(0, 10)),
    st.tuples(st.just("not_speech"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("title"), st.integers(0, 30), st.sampled_from(TITLES + ["대변인"])),
    st.tuples(st.just("merge"), st.integers(0, 10), st.integers(0, 10)),
    st.tuples(st.just("confirm"), st.integers(0, 30)),
    st.tuples(st.just("rename"), st.integers(0, 10), st.sampled_from(NAMES + ["박민수"]), st.sampled_from(ORGS)),
)


def pick(ids, i):
    return ids[i % len(ids)] if ids else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=12))
def test_speaker_caches_follow_every_change(tmp_path_factory, ops):
    store = Store.open(tmp_path_factory.mktemp("inv") / "b.db")
    try:
        n = 0
        for op in ops:
            quotes = store.quote_ids(QuoteFilter(include_not_speech=True), sort="id")
            speakers = store.speaker_ids(sort="id")
            try:
                if op[0] == "add":
                    n += 1
                    store.add_parsed_article(source_path=None, text=f"기사 {n}", meta={}, quotes=[
                        make_quote(f"발언 {n}-{i}", name, org=org, title=title, start=i * 10)
                        for i, (name, org, title) in enumerate(op[1])])
                elif op[0] == "reassign" and quotes and speakers:
                    store.reassign_quote(pick(quotes, op[1]), pick(speakers, op[2]))
                elif op[0] == "not_speech" and quotes:
                    store.mark_not_speech(pick(quotes, op[1]), op[2])
                elif op[0] == "title" and quotes:
                    store.set_quote_title(pick(quotes, op[1]), op[2])
                elif op[0] == "merge" and speakers:
                    store.merge_speakers(pick(speakers, op[1]), pick(speakers, op[2]))
                elif op[0] == "confirm" and quotes:
                    store.confirm_quote(pick(quotes, op[1]))
                elif op[0] == "rename" and speakers:
                    store.update_speaker(pick(speakers, op[1]), name=op[2], org=op[3] or "")
            except StoreError as exc:  # a rename onto an existing speaker is refused, nothing else
                assert op[0] == "rename" and "merge" in str(exc)

        rows = store.quote_rows(store.quote_ids(QuoteFilter(include_not_speech=True), sort="id"))
        for speaker in store.speaker_rows(store.speaker_ids()):
            mine = [r for r in rows if r.speaker_id == speaker.id and r.status != "not_speech"]
            assert speaker.quote_count == len(mine)
            assert set(filter(None, speaker.titles.split(", "))) == {r.title for r in mine if r.title}
            assert sum(store.stance_mix(speaker.id).values()) == len(mine)
        assert store.quote_count(QuoteFilter()) == sum(r.status != "not_speech" for r in rows)
        assert store.integrity_check() == []
    finally:
        store.close()
