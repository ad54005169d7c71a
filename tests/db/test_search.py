"""Full-text search over quotes: Korean words with particles, syllable bigrams that answer what a scan
of every quote would, and user input that is never FTS syntax."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import QuoteFilter, Store
from db.search import fts_query, index_terms, query_stems, search_words

from .conftest import add_article, make_quote

QUOTES = [
    "정부는 내년 예산을 늘리겠다",
    "대통령이 직접 현장을 찾았다",
    "국회에서 법안을 처리하겠습니다",
    "AI 산업을 육성하겠다",
    "(괄호) 안의 \"따옴표\" NEAR 별표* 빼기-",
]


@pytest.fixture
def searchable(fresh_db: Store):
    add_article(fresh_db, "기사", [make_quote(q, start=i * 50) for i, q in enumerate(QUOTES)])
    return fresh_db


def found(store: Store, query: str) -> list[str]:
    return [r.text for r in store.quote_rows(store.quote_ids(QuoteFilter(query=query), sort="article", descending=False))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("정부", [QUOTES[0]]),  # 정부는
        ("대통령", [QUOTES[1]]),  # 대통령이
        ("국회", [QUOTES[2]]),  # 국회에서
        ("예산", [QUOTES[0]]),  # 예산을
        ("법안", [QUOTES[2]]),
        ("현장", [QUOTES[1]]),
        ("정부가", [QUOTES[0]]),  # another particle on the query side
        ("예산 정부", [QUOTES[0]]),  # all words, any order
        ("처리했다", [QUOTES[2]]),  # 처리 of 처리하겠습니다
        ("처리하겠습니다", [QUOTES[2]]),
        ("ai", [QUOTES[3]]),  # case-insensitive
        ("대통", [QUOTES[1]]),  # word prefix
        ("산업을 육성", [QUOTES[3]]),
    ],
)
def test_korean_words_match_with_particles(searchable, query, expected):
    assert found(searchable, query) == expected


def test_words_inside_words_and_single_syllables(searchable):
    assert found(searchable, "하겠습") == [QUOTES[2]]  # inside a word
    assert found(searchable, "빼기-") == [QUOTES[4]]
    assert found(searchable, "안") == [QUOTES[2], QUOTES[4]]  # one syllable: 법안을, 안의
    assert found(searchable, "법") == [QUOTES[2]]  # 법안을
    assert found(searchable, "산") == [QUOTES[0], QUOTES[3]]  # 예산을, 산업을
    assert found(searchable, "하") == [QUOTES[2], QUOTES[3]]  # a light verb alone is searched as it is


def test_no_match(searchable):
    assert found(searchable, "외교부") == []
    assert searchable.quote_count(QuoteFilter(query="외교부")) == 0


@pytest.mark.parametrize("query", ['"', '""', "(", ")", "NEAR(", "NEAR", "*", "-", "a*-b", "AND", "OR NOT",
                                   "text:", "{morphs}", "^", "'", "\\", "%", "_", "별표*", "(괄호)", '"따옴표"'])
def test_fts_syntax_is_plain_text(searchable, query):
    result = found(searchable, query)
    assert searchable.quote_count(QuoteFilter(query=query)) == len(result)


def test_syntax_characters_find_the_quote_that_contains_them(searchable):
    assert found(searchable, "(괄호)") == [QUOTES[4]]
    assert found(searchable, '"따옴표"') == [QUOTES[4]]
    assert found(searchable, "NEAR") == [QUOTES[4]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('정부대"()*-:^{}NEAROT ANDor\'\\%_ 가'))
               , max_size=12))
def test_any_input_never_raises(searchable, query):
    searchable.quote_ids(QuoteFilter(query=query))
    searchable.quote_count(QuoteFilter(query=query))


def test_query_terms_are_quoted_bigrams():
    assert fts_query('정부 "NEAR(') == '"정부" "ne ea ar"'
    assert fts_query("대통령이 가") == '"대통 통령" "가"*'
    assert fts_query("   ") is None and fts_query('"()*') is None
    assert index_terms("정부는 AI를, 3.5%") == "정부 부는 는 ai i를 를 3 5"
    assert index_terms("") == "" and index_terms("…") == ""


def test_light_verb_stems_alone_do_not_match_everything(searchable):
    assert found(searchable, "하겠") == [QUOTES[2], QUOTES[3]]  # substring, not every quote with 하다


def test_search_sees_quotes_added_by_another_connection(db_path):
    viewer = Store.open(db_path)
    writer = Store.open(db_path)
    try:
        add_article(writer, "1", [make_quote("다른 이야기")])
        assert found(viewer, "처리했다") == [] and viewer.quote_count(QuoteFilter(query="처리했다")) == 0
        add_article(writer, "2", [make_quote("사업을 처리하겠습니다")])  # another program ingests
        assert found(viewer, "처리했다") == ["사업을 처리하겠습니다"]  # found by its stem 처리
        assert viewer.quote_count(QuoteFilter(query="처리했다")) == 1
        viewer.create_speaker("새 사람")  # our own writes clear the cache too
        assert found(viewer, "처리했다") == ["사업을 처리하겠습니다"]
    finally:
        viewer.close()
        writer.close()


def test_query_analysis_never_loads_kiwi(searchable, db_path):
    """The viewer searches without the ~500 MB Kiwi model: a fresh process finds words with particles."""
    import json
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from db import QuoteFilter, Store\n"
        "import attribution.morph as morph\n"
        "store = Store.open(sys.argv[1], readonly=True)\n"
        "out = {q: len(store.quote_ids(QuoteFilter(query=q))) for q in ['정부가', '처리했다', '대통령', '하겠', '외교부']}\n"
        "out['kiwi'] = morph._kiwi is not None\n"
        "print(json.dumps(out))\n"
    )
    searchable.close()
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out == {"정부가": 1, "처리했다": 1, "대통령": 1, "하겠": 2, "외교부": 0, "kiwi": False}


@pytest.mark.parametrize(
    ("word", "stem"),
    [("정부는", "정부"), ("대통령이", "대통령"), ("국회에서", "국회"), ("처리했다", "처리"), ("처리하겠습니다", "처리"),
     ("회의", "회의"), ("가", "가"), ("AI를", "ai"), ("발표됐다", "발표"), ("경제적", "경제")],
)
def test_query_stem(word, stem):
    from db.search import query_stem

    assert query_stem(word) == stem


@pytest.fixture
def dated_archive(fresh_db: Store):
    """60 articles over 60 days, 5 quotes each; 예산 in 2 of every 5 quotes, 외교 in one quote only."""
    for day in range(60):
        quotes = [
            make_quote(("정부는 예산을 늘리겠다 " if i % 5 in (1, 3) else "현장을 찾겠다 ") + f"{day}-{i}", start=i * 40)
            for i in range(5)
        ]
        if day == 17:
            quotes[4] = make_quote("외교 문제를 풀겠다", start=160)
        add_article(fresh_db, f"기사 {day}", quotes, published=f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}")
    return fresh_db


def _row_plan(store: Store, f: QuoteFilter, limit: int, offset: int, descending: bool = True) -> list[int]:
    sql, params = store._quote_ids_sql(f, "date", descending)
    return [r[0] for r in store._all(sql + " LIMIT ? OFFSET ?", [*params, limit, offset])]


@pytest.mark.parametrize("descending", [True, False])
def test_a_big_search_walks_the_date_index_and_pages_like_the_sort(dated_archive, descending):
    f = QuoteFilter(query="예산")
    assert dated_archive._walk_date_index(f, "date", 20)  # 120 hits of 300: the walk plan
    pages = [dated_archive.quote_ids(f, descending=descending, limit=20, offset=o) for o in range(0, 140, 20)]
    assert pages == [_row_plan(dated_archive, f, 20, o, descending) for o in range(0, 140, 20)]
    flat = [i for page in pages for i in page]
    assert len(flat) == len(set(flat)) == 120
    assert flat == dated_archive.quote_ids(f, descending=descending)  # unpaged: the row plan


def test_a_rare_word_keeps_the_row_plan(dated_archive):
    f = QuoteFilter(query="외교")
    assert not dated_archive._walk_date_index(f, "date", 20)
    assert len(dated_archive.quote_ids(f, limit=20)) == 1


def test_search_count_leaves_out_quotes_marked_not_speech(dated_archive):
    f = QuoteFilter(query="예산")
    assert dated_archive.quote_count(f) == 120
    hits = dated_archive.quote_ids(f, limit=3)
    for qid in hits:
        dated_archive.mark_not_speech(qid)
    assert dated_archive.quote_count(f) == 117
    assert dated_archive.quote_count(QuoteFilter(query="예산", include_not_speech=True)) == 120
    assert not set(hits) & set(dated_archive.quote_ids(f, limit=200))
    # with another filter the count is taken from the rows: the same answer
    assert dated_archive.quote_count(QuoteFilter(query="예산", since="2025-01-01")) == 117


def test_search_count_follows_this_stores_own_writes(dated_archive):
    f = QuoteFilter(query="예산")
    assert dated_archive.quote_count(f) == 120
    add_article(dated_archive, "기사 추가", [make_quote("예산을 더 늘리겠다")], published="2025-03-05")
    assert dated_archive.quote_count(f) == 121
    assert len(dated_archive.quote_ids(f, limit=500)) == 121


@pytest.mark.parametrize("query", ["가" * 60_000, "정부 " * 12_000, "%_" * 30_000])
def test_a_pasted_page_as_query_is_one_clear_error(searchable: Store, query, capsys):
    """SQLite refuses LIKE patterns over 50,000 bytes ('LIKE or GLOB pattern too complex'): a StoreError instead."""
    from db import StoreError
    from main import main

    for ask in (lambda: searchable.quote_ids(QuoteFilter(query=query)),
                lambda: searchable.quote_count(QuoteFilter(query=query)),
                lambda: searchable.speaker_ids(query)):
        with pytest.raises(StoreError, match="search text is too long"):
            ask()
    searchable.close()
    assert main(["export", "--csv", str(searchable.path.parent / "o.csv"), "--db", str(searchable.path),
                 "--query", query]) == 2
    err = capsys.readouterr().err
    assert "too long" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_longest_search_still_runs(searchable: Store):
    long_query = ("정부 " * 400)[:1000]
    assert found(searchable, long_query) == ["정부는 내년 예산을 늘리겠다"]
    assert found(searchable, "%" * 1000) == []
    assert searchable.speaker_ids("_" * 1000) == []


# ---------------------------------------------------------------------------------------------
# The index answers what a scan of every quote would

NOUNS = ["정부", "국회", "예산", "대통령", "중앙정부", "행정부", "지방정부", "부동산", "시장", "법안", "법", "돈", "일",
         "청년", "일자리", "경제", "반도체", "수출", "물가", "정책", "개혁", "의료", "교육", "기후", "위기", "국민",
         "대통령실", "국정", "정부안", "예산안", "시장경제", "김", "장관", "의원", "가계", "부채", "가부"]
PARTICLES = ["", "", "는", "은", "이", "가", "을", "를", "에서", "에게", "의", "도", "만", "과", "와", "으로", "로", "까지"]
VERBS = ["처리하겠습니다", "처리했다", "처리한다", "처리할", "발표됐다", "발표했다", "늘리겠다", "줄였다", "지원하겠다",
         "검토하고 있다", "추진해야 한다", "안정시키겠다", "필요하다", "없다", "같다", "됐다", "했다", "하겠다"]
OTHER = ["AI", "ai", "Ai를", "OECD", "ESG의", "K-팝", "2025년", "3.5%", "100억", "1분기", "G20", "5G", "(괄호)",
         '"따옴표"', "NEAR", "별표*", "빼기-", "50%", "x_y"]


def generated_quotes(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(2, 9)):
            roll = rng.random()
            if roll < 0.55:
                words.append(rng.choice(NOUNS) + rng.choice(PARTICLES))
            elif roll < 0.75:
                words.append(rng.choice(NOUNS) + rng.choice(NOUNS) + rng.choice(PARTICLES))  # compounds, no space
            elif roll < 0.9:
                words.append(rng.choice(OTHER))
            else:
                words.append(rng.choice(VERBS))
        words.append(rng.choice(VERBS))
        out.append(" ".join(words))
    return out


SCAN_QUERIES = [
    # two syllables, alone and with particles
    "정부", "정부는", "정부가", "국회에서", "예산을", "시장", "부채", "가부", "일자리를", "국정",
    # longer words and compounds
    "대통령", "대통령이", "중앙정부", "행정부", "부동산", "반도체가", "대통령실", "예산안", "시장경제", "정부안을",
    # verb forms: 처리했다 finds 처리하겠습니다
    "처리했다", "처리하겠습니다", "발표됐다", "늘리겠다", "검토하고", "추진해야", "안정시키겠다",
    # one syllable, light verbs, several words
    "법", "돈", "일", "김", "가", "하", "되", "있다", "정부 예산", "예산 정부", "대통령 처리했다", "정부 없는말",
    # Latin and digits
    "AI", "ai", "Ai", "AI를", "oecd", "ESG", "K", "팝", "k-팝", "2025", "2025년", "3.5", "3.5%", "100억", "g20", "5g",
    # what looks like search syntax is text
    '"정부"', "정부*", "NEAR(정부", "(괄호)", "-", "%", "_", "x_y", "*", '"',
    # nothing
    "외교부", "없는말",
]


def scan(quotes: list[str], query: str) -> list[int]:
    """The reference: indexes of the quotes that contain every stem of the query (a substring scan)."""
    query = query.strip()
    stems = query_stems(query)
    if not stems and len(search_words(query)) == 1:
        stems = search_words(query)
    if stems:
        return [i for i, q in enumerate(quotes) if all(s in q.lower() for s in stems)]
    return [i for i, q in enumerate(quotes) if query.lower() in q.lower()]  # punctuation only: LIKE


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """600 generated quotes over 120 dated articles (some undated), each quote's id remembered."""
    quotes = generated_quotes(600, seed=16)
    store = Store.open(tmp_path_factory.mktemp("scan") / "scan.db")
    ids = []
    with store.batch():
        for a in range(120):
            chunk = quotes[a * 5 : (a + 1) * 5]
            meta = {} if a % 7 == 0 else {"published": f"2025-{1 + a % 12:02d}-{1 + a % 28:02d}"}
            aid = add_article(store, f"기사 {a}", [make_quote(q, start=i * 100) for i, q in enumerate(chunk)], **meta)
            ids += [r.id for r in store.article_quotes(aid)]
    yield store, quotes, ids
    store.close()


@pytest.mark.parametrize("query", SCAN_QUERIES)
def test_search_equals_a_full_scan(generated, query):
    store, quotes, ids = generated
    expected = sorted(ids[i] for i in scan(quotes, query))
    assert sorted(store.quote_ids(QuoteFilter(query=query))) == expected
    assert store.quote_count(QuoteFilter(query=query)) == len(expected)
    # the newest-first window (the date index walk for big searches) holds the same quotes
    assert sorted(store.quote_ids(QuoteFilter(query=query), limit=1000)) == expected
    # with another filter the rows are read: the same answer
    dated = set(store.quote_ids(QuoteFilter(since="2025-06")))
    assert store.quote_count(QuoteFilter(query=query, since="2025-06")) == len(dated & set(expected))


def test_the_scan_queries_find_something(generated):
    """The corpus is rich enough that the comparisons above mean something."""
    store, quotes, _ids = generated
    counts = {q: len(scan(quotes, q)) for q in SCAN_QUERIES}
    assert [q for q, n in counts.items() if n == 0] == ["되", "정부 없는말", "외교부", "없는말"]
    assert 0 < counts["중앙정부"] < counts["정부"] < len(quotes)
    assert counts["처리했다"] == counts["처리하겠습니다"] > 0  # both are 처리


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_piece_of_a_quote_searches_like_a_scan(generated, data):
    """Queries cut at random from the quotes themselves (parts of words, across spaces and marks)."""
    store, quotes, ids = generated
    text = data.draw(st.sampled_from(quotes))
    start = data.draw(st.integers(0, len(text) - 1))
    query = text[start : start + data.draw(st.integers(1, 12))]
    expected = sorted(ids[i] for i in scan(quotes, query))
    assert sorted(store.quote_ids(QuoteFilter(query=query))) == expected
    assert store.quote_count(QuoteFilter(query=query)) == len(expected)
