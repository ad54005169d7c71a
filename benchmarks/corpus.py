"""A synthetic Korean news corpus of any size, deterministic with a seed, for speed and scale benchmarks.

    python benchmarks/corpus.py --articles 1000 --seed 1 --out /tmp/corpus     # writes 1000 .txt files
    python -m benchmarks.corpus --articles 5 --print                            # shows a few on stdout

Importable: `generate(n, seed)` yields (file name, text) without touching the disk, and
`generate_with_truth(n, seed)` adds the quotes each article contains with the speakers a reader would
name, so tests can measure how many the parser recovers.

Every name, title, organisation and sentence is assembled here from word lists written for this
module (no text copied from any corpus). The mix follows what a news archive looks like:

* ~68% wire/online news: headline, optional subheading, dateline and byline, 800-3000 characters of
  paragraphs mixing narrative sentences with quotes in the common constructions: 「“…”고 밝혔다」,
  「“A”며 “B”고 말했다」, speaker before or after the quote, 그러면서/이어 carry-over, 「그는」,
  surname + title back-references 「이 대표는」, aliases 「(이하 …)」, unnamed sources 「한 관계자는」,
  organisations as speakers, a quote paragraph reopened on its own.
* ~17% press releases extracted from PDF/HWP: lines hard-wrapped mid-word at ~40 characters with
  blank lines between them, □ / ∘ bullets and "- " sub-headlines.
* ~15% scraped pages: navigation crumbs, the body, then the body pasted a second time, a footer.

Article i depends only on (seed, i): the first k articles of generate(n, seed) are those of generate(k, seed).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# ------------------------------------------------------------------------------------------------
# Word lists (written for this module)

SURNAMES = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍 전 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진".split()
GIVEN = "민 서 준 현 지 수 영 호 성 은 진 우 재 희 동 혁 경 태 상 훈 정 윤 석 미 나 연 철 규 선 원 하 도 용 기 광 승 혜 주 범 찬".split()
# A given name's last syllable: not one that reads as a particle (서윤은, 권은도 are rare and ambiguous).
GIVEN_LAST = [g for g in GIVEN if g not in ("은", "도", "나", "하", "기", "주")]

# (full name, alias or None, kind, titles used for its people)
ORGS = [
    ("과학기술정보통신부", "과기정통부", "ministry", ["장관", "차관", "정책관", "국장"]),
    ("기획재정부", "기재부", "ministry", ["장관", "차관", "실장", "국장"]),
    ("행정안전부", "행안부", "ministry", ["장관", "차관", "국장"]),
    ("산업통상자원부", "산업부", "ministry", ["장관", "차관", "실장"]),
    ("보건복지부", "복지부", "ministry", ["장관", "차관", "대변인"]),
    ("국토교통부", "국토부", "ministry", ["장관", "차관", "국장"]),
    ("고용노동부", "노동부", "ministry", ["장관", "차관", "과장"]),
    ("금융감독원", "금감원", "agency", ["원장", "부원장", "국장"]),
    ("공정거래위원회", "공정위", "agency", ["위원장", "부위원장", "국장"]),
    ("한국개발연구원", "KDI", "institute", ["원장", "연구위원", "선임연구원"]),
    ("한국은행", None, "agency", ["총재", "부총재", "국장"]),
    ("더불어민주당", "민주당", "party", ["대표", "원내대표", "최고위원", "대변인", "의원"]),
    ("국민의힘", None, "party", ["대표", "원내대표", "최고위원", "대변인", "의원"]),
    ("조국혁신당", None, "party", ["대표", "대변인", "의원"]),
    ("서울시", None, "local", ["시장", "부시장", "국장"]),
    ("부산시", None, "local", ["시장", "부시장"]),
    ("경기도", None, "local", ["도지사", "부지사"]),
    ("전남도", None, "local", ["도지사", "국장"]),
    ("제주도", None, "local", ["도지사", "국장"]),
    ("삼성전자", None, "company", ["대표이사", "사장", "부사장", "상무"]),
    ("현대자동차", "현대차", "company", ["사장", "부사장", "전무"]),
    ("네이버", None, "company", ["대표", "센터장", "이사"]),
    ("한빛에너지", None, "company", ["대표", "사장"]),
    ("미래산업연구소", None, "institute", ["소장", "연구위원", "대표"]),
    ("한국소비자연맹", None, "civic", ["회장", "사무총장"]),
    ("참여시민연대", None, "civic", ["사무국장", "대표"]),
    ("서울대", None, "university", ["교수", "총장"]),
    ("고려대", None, "university", ["교수"]),
    ("광주과학기술원", "지스트", "university", ["총장", "교수", "연구소장"]),
]
ANON = ["한 관계자는", "정부 관계자는", "업계 관계자는", "당 관계자는", "한 참석자는", "현장의 한 상인은", "익명을 요구한 관계자는"]
ANON_KEY = {"한 관계자는": "관계자", "정부 관계자는": "관계자", "업계 관계자는": "관계자", "당 관계자는": "관계자",
            "한 참석자는": "참석자", "현장의 한 상인은": "상인", "익명을 요구한 관계자는": "관계자"}

TOPICS = ["지역 경제", "청년 일자리", "반도체 산업", "저출생 대응", "탄소중립", "의료 개혁", "부동산 시장", "인공지능 산업",
          "물가 안정", "수출 회복", "중소기업 지원", "교육 격차", "지방 소멸", "전세 사기", "기후 위기", "디지털 전환",
          "연금 개혁", "소상공인 부담", "공공요금", "재난 안전", "농어촌 소득", "신재생에너지", "치안 대책", "관광 활성화"]
NOUNS = ["예산", "제도", "대책", "현장", "규제", "투자", "인력", "인프라", "협력", "재원", "법안", "로드맵", "기준", "지원책"]
PLEDGE = ["{t} 관련 {n}#을 과감하게 확대하겠다", "{t} 문제를 끝까지 책임지고 해결하겠다", "올해 안에 {t} {n}#을 마련하겠다",
          "{t}에 필요한 {n}#을 최우선으로 챙기겠다"]
NEED = ["{t}#을 위해서는 {n} 개선이 반드시 필요하다", "{t}에 대한 근본적인 {n} 손질이 시급하다",
        "정부와 국회가 {t} {n}#을 함께 마련해야 한다"]
WORRY = ["{t} 상황이 생각보다 훨씬 심각하다", "이대로라면 {t} 부담이 더 커질 수밖에 없다", "{t} 문제를 더 이상 방치할 수 없다"]
ASSESS = ["{t}#은 이제 막 회복의 첫걸음을 뗀 단계다", "지금의 {n}으로는 {t}#을 감당하기 어렵다", "{t} 흐름은 당분간 이어질 것으로 본다",
          "현장에서는 {t} 효과를 체감하기 어렵다는 목소리가 많다"]
CRITIC = ["{t} 대책은 보여주기식 행정에 불과하다", "정부의 {t} {n}#은 현실을 전혀 모르는 탁상공론이다",
          "{t}에 대한 책임을 회피해서는 안 된다"]
HOPE = ["이번 {n}#이 {t}의 돌파구가 되기를 기대한다", "{t} 분야에서 좋은 성과가 나올 것으로 믿는다"]
QUOTE_KINDS = [PLEDGE, NEED, WORRY, ASSESS, CRITIC, HOPE]
VERBS_END = ["밝혔다", "말했다", "강조했다", "설명했다", "지적했다", "덧붙였다", "전했다", "주장했다", "당부했다", "우려했다"]
VERBS_MID = ["말했다", "밝혔다", "강조했다", "설명했다"]

PLACES = ["서울 여의도", "세종정부청사", "부산 해운대", "광주 북구", "대전 유성구", "수원 영통구", "전남 무안", "제주 서귀포"]
EVENTS = ["간담회", "토론회", "기자회견", "설명회", "정책 포럼", "현장 점검", "업무협약식", "국정감사"]
NARRATIVE = [
    "{org}{는} {day}일 {place}에서 {topic} 관련 {event}#을 열었다.",
    "이날 {event}에는 관계 부처와 업계, 시민단체 관계자 등 {k}0여 명이 참석했다.",
    "{topic}#을 둘러싼 논란은 지난해부터 이어져 왔다.",
    "최근 통계에 따르면 {topic} 관련 지표는 {k}개월 연속 악화한 것으로 나타났다.",
    "{org}{는} 이번 {event}에서 나온 의견을 토대로 세부 계획을 확정할 방침이다.",
    "앞서 정부는 {topic} 대응을 위해 {k}조 원 규모의 {noun}#을 발표한 바 있다.",
    "업계에서는 {noun} 부족이 가장 큰 걸림돌로 꼽힌다.",
    "이번 조치는 다음 달부터 전국 {k}개 시도에서 시행된다.",
    "전문가들은 {topic} 문제가 단기간에 풀리기는 어렵다고 보고 있다.",
    "관련 법안은 현재 국회 상임위원회에 계류 중이다.",
]
OUTLETS = ["한빛일보", "새누리신문", "동녘뉴스", "바른경제", "서울타임즈", "남도일보", "뉴스온", "미래신문"]
NAV = ["본문 음성 듣기", "가가", "공유하기", "스크랩", "인쇄", "구독하기", "기사 글자크기 조정", "좋아요 0", "댓글 0"]

# ------------------------------------------------------------------------------------------------


def _batchim(word: str) -> bool:
    c = word[-1] if word else "가"
    if "가" <= c <= "힣":
        return (ord(c) - 0xAC00) % 28 != 0
    return c in "LMNRlmnr0136789"  # 엘, 엠, 엔 / 영, 일, 삼 … read aloud


def josa(word: str, with_final: str, without: str) -> str:
    return word + (with_final if _batchim(word) else without)


_PAIRS = {"을": ("을", "를"), "은": ("은", "는"), "이": ("이", "가"), "과": ("과", "와")}
_MARK = re.compile(r"(\S)#(을|은|이|과)")


def fix_josa(text: str) -> str:
    """Resolve the particle marks of the templates (「{t}#을」) after the word that precedes them."""
    return _MARK.sub(lambda m: m.group(1) + _PAIRS[m.group(2)][0 if _batchim(m.group(1)) else 1], text)


@dataclass(frozen=True)
class Person:
    name: str
    surname: str
    title: str
    org: str
    alias: str | None

    @property
    def short(self) -> str:  # 「이 대표」
        return f"{self.surname} {self.title}"


@dataclass(frozen=True)
class TruthQuote:
    """A quote in a generated article and the speaker names a reader would accept (None: no speaker given)."""

    text: str
    speakers: tuple[str, ...]
    kind: str  # full / after / chain / short / carry / pronoun / alias / org / anonymous / paragraph


class _Article:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paras: list[str] = []
        self.truth: list[TruthQuote] = []
        self.introduced: list[Person] = []
        self.last: Person | None = None
        self.used_quotes: set[str] = set()
        self.topic = rng.choice(TOPICS)
        self.org_pool = rng.sample(ORGS, 3)
        self.day = rng.randint(1, 28)

    # -- text pieces ------------------------------------------------------------
    def person(self) -> Person:
        r = self.rng
        full, alias, _kind, titles = r.choice(self.org_pool)
        while True:
            surname = r.choice(SURNAMES)
            name = surname + r.choice(GIVEN) + r.choice(GIVEN_LAST)
            if all(p.surname != surname for p in self.introduced):  # 「김 대표」 stays unambiguous
                break
        return Person(name, surname, r.choice(titles), full, alias)

    def quote_text(self) -> str:
        r = self.rng
        for _ in range(20):
            parts = []
            for _ in range(r.choice((1, 1, 2))):
                tmpl = r.choice(r.choice(QUOTE_KINDS))
                topic = r.choice(TOPICS) if r.random() < 0.4 else self.topic
                parts.append(fix_josa(tmpl.format(t=topic, n=r.choice(NOUNS))))
            q = ". ".join(parts)
            if q not in self.used_quotes:
                self.used_quotes.add(q)
                return q
        return q + f" {r.randint(2, 99)}번째 과제다"

    def narrative(self) -> str:
        r = self.rng
        org = r.choice(self.org_pool)[0]
        self.last = None  # after a narrative sentence a bare 「그러면서 “…”」 would be ambiguous
        return fix_josa(r.choice(NARRATIVE).format(
            org=org, 는="은" if _batchim(org) else "는", day=self.day, place=r.choice(PLACES), topic=self.topic,
            event=r.choice(EVENTS), k=r.randint(2, 9), noun=r.choice(NOUNS),
        ))

    def _add(self, q: str, speakers: tuple[str, ...], kind: str) -> None:
        self.truth.append(TruthQuote(q, speakers, kind))

    # -- quote constructions ----------------------------------------------------
    def quote_sentence(self) -> str:
        r = self.rng
        verb = r.choice(VERBS_END)
        roll = r.random()
        if self.last is not None and roll < 0.22:
            p, q = self.last, self.quote_text()
            lead = r.choice(["그러면서", "이어", "그는", "또"])
            self._add(q, (p.name,), "pronoun" if lead == "그는" else "carry")
            if lead == "그는":
                return f"그는 “{q}”고 {verb}"
            return f"{lead} “{q}”고 {verb}"
        if self.introduced and roll < 0.40:
            p = r.choice(self.introduced)
            self.last = p
            q = self.quote_text()
            self._add(q, (p.name,), "short")
            if r.random() < 0.3:  # 「“…”고 김 장관은/이 말했다」
                return f"“{q}”고 {josa(p.short, *r.choice((('은', '는'), ('이', '가'))))} {verb}"
            return f"{josa(p.short, '은', '는')} “{q}”고 {verb}"
        if roll < 0.50:
            q = self.quote_text()
            head = r.choice(ANON)
            key = ANON_KEY[head]
            self._add(q, (key,), "anonymous")
            self.last = None
            return f"{head} “{q}”고 {verb}"
        if roll < 0.58:
            full, alias, _k, _t = r.choice(self.org_pool)
            q = self.quote_text()
            said = alias if alias and any(full == o[0] for o in self.org_pool) and r.random() < 0.5 else full
            self._add(q, tuple(x for x in (full, alias) if x), "org")
            self.last = None
            via = r.choice(["", "보도자료를 통해 ", "입장문을 내고 "])
            return f"{josa(said, '은', '는')} {via}“{q}”고 {r.choice(['밝혔다', '설명했다'])}"
        # a new person, fully introduced
        p = self.person()
        self.introduced.append(p)
        self.last = p
        shape = r.random()
        if shape < 0.25:  # chain: “A”며 “B”고 말했다
            a, b = self.quote_text(), self.quote_text()
            self._add(a, (p.name,), "chain")
            self._add(b, (p.name,), "chain")
            return f"{p.org} {p.name} {josa(p.title, '은', '는')} “{a}”{r.choice(['며', '면서', '라며'])} “{b}”고 {r.choice(VERBS_MID)}"
        q = self.quote_text()
        if shape < 0.45:  # speaker after the quote
            self._add(q, (p.name,), "after")
            return f"“{q}”고 {p.org} {p.name} {josa(p.title, *r.choice((('은', '는'), ('이', '가'))))} {verb}"
        if shape < 0.6:
            self._add(q, (p.name,), "full")
            return f"{p.org}의 {p.name} {josa(p.title, '은', '는')} “{q}”고 {verb}"
        self._add(q, (p.name,), "full")
        return f"{p.name} {p.org} {josa(p.title, '은', '는')} “{q}”고 {verb}"

    def alias_intro(self) -> str:
        """A lead sentence defining an alias: 「공정거래위원회(이하 공정위)는 …」."""
        for full, alias, _k, _t in self.org_pool:
            if alias:
                return f"{full}(이하 {josa(alias, ')은', ')는')} {self.day}일 {self.topic} 관련 {josa(self.rng.choice(NOUNS), '을', '를')} 발표했다."
        return self.narrative()

    def body(self, target_chars: int) -> list[str]:
        r = self.rng
        paras = [self.alias_intro() + " " + self.narrative()]
        size = len(paras[0])
        while size < target_chars:
            sentences = []
            for _ in range(r.choice((1, 2, 2, 3))):
                sentences.append(self.quote_sentence() + "." if r.random() < 0.55 else self.narrative())
            para = " ".join(sentences)
            paras.append(para)
            size += len(para)
            if self.last is not None and r.random() < 0.08:  # a quote paragraph on its own (carry-over)
                q = self.quote_text()
                self._add(q, (self.last.name,), "paragraph")
                paras.append(f"“{q}.”")
                size += len(q)
        return paras


def _length(rng: random.Random) -> int:
    """Body length in characters: log-normal around 1,400, clipped to 700..3,000 (online news)."""
    return int(min(3000, max(700, rng.lognormvariate(7.25, 0.38))))


def _headline(a: _Article) -> str:
    r = a.rng
    p = a.introduced[0] if a.introduced else None
    if p and r.random() < 0.5:
        return f"{p.short} \"{a.topic} {r.choice(NOUNS)} 서두르겠다\""
    return f"{r.choice(a.org_pool)[0]}, {a.topic} {r.choice(NOUNS)} {r.choice(['본격 추진', '논의 착수', '재점검', '확대'])}"


def _date(r: random.Random, day: int) -> tuple[str, str]:
    y, m = r.randint(2019, 2025), r.randint(1, 12)
    hh, mm = r.randint(6, 23), r.randint(0, 59)
    return (f"{y}-{m:02d}-{day:02d}", r.choice([f"입력 {y}.{m:02d}.{day:02d} {hh:02d}:{mm:02d}",
                                                 f"입력 : {y}. {m}. {day}. {hh:02d}:{mm:02d}",
                                                 f"기사입력 {y}-{m:02d}-{day:02d} {hh:02d}:{mm:02d}"]))


def _reporter(r: random.Random) -> str:
    return r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN)


def _news(a: _Article) -> str:
    r = a.rng
    body = a.body(_length(r))
    _iso, dateline = _date(r, a.day)
    outlet, rep = r.choice(OUTLETS), _reporter(r)
    lines = [_headline(a)]
    if r.random() < 0.5:
        lines.append(f"{a.topic} {r.choice(NOUNS)} 두고 {r.choice(['여야 공방', '현장 목소리', '전문가 제언'])}")
    lines.append(dateline)
    if r.random() < 0.5:
        body[0] = f"[{outlet}] {rep} 기자 = " + body[0]
        tail = []
    else:
        tail = [f"{rep} 기자 {r.choice(['news', 'reporter', 'press'])}{r.randint(1, 99)}@{outlet[:2].encode('utf-8').hex()[:6]}.co.kr"]
    return "\n".join(lines + body + tail) + "\n"


def _wrap(text: str, r: random.Random) -> list[str]:
    """Hard-wrap like a PDF export: ~40 characters, mid-word breaks, a word break keeps its trailing space."""
    out, line = [], ""
    width = r.randint(36, 44)
    for ch in text:
        line += ch
        if len(line) >= width:
            out.append(line)
            line = ""
    if line:
        out.append(line)
    return out


def _press_release(a: _Article) -> str:
    r = a.rng
    body = a.body(_length(r))
    head = [f"{a.org_pool[0][0]}, {a.topic} {r.choice(EVENTS)} 개최", "",
            f"- {a.topic} {r.choice(NOUNS)} 마련을 위한 {r.choice(['현장 의견 수렴', '관계기관 협의', '후속 조치 논의'])}", ""]
    lines = list(head)
    for i, para in enumerate(body):
        bullet = "□ " if i % 3 == 0 else " ∘ "
        for ln in _wrap(bullet + para, r):
            lines.append(ln)
            lines.append("")
    lines.append(f"담당 부서 {r.choice(['대변인실', '정책기획과', '홍보담당관실'])} 담당자 {_reporter(r)} (044-{r.randint(200, 999)}-{r.randint(1000, 9999)})")
    return "\n".join(lines) + "\n"


def _scraped(a: _Article) -> str:
    r = a.rng
    body = a.body(_length(r) * 2 // 3)
    _iso, dateline = _date(r, a.day)
    nav = r.sample(NAV, 4)
    parts = [_headline(a), dateline, *nav[:2], *body, *nav[2:], "많이 본 뉴스", *body,
             f"ⓒ {r.choice(OUTLETS)} 무단전재 및 재배포 금지"]
    return "\n".join(parts) + "\n"


KINDS = (("news", 0.68, _news), ("press", 0.17, _press_release), ("scraped", 0.15, _scraped))


def article(seed: int, i: int) -> tuple[str, str, list[TruthQuote]]:
    """Article number i of the corpus with this seed: (file name, text, quotes in it)."""
    rng = random.Random(f"balheon-corpus:{seed}:{i}")
    a = _Article(rng)
    roll, acc = rng.random(), 0.0
    for kind, share, make in KINDS:
        acc += share
        if roll < acc:
            break
    text = make(a)
    return f"{i:07d}_{kind}.txt", text, a.truth


def generate_with_truth(n: int, seed: int = 0) -> Iterator[tuple[str, str, list[TruthQuote]]]:
    for i in range(n):
        yield article(seed, i)


def generate(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) for n articles; deterministic in (n, seed), streamed (no disk, constant memory)."""
    for name, text, _truth in generate_with_truth(n, seed):
        yield name, text


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(".")


def recovered(truth: list[TruthQuote], quotes) -> tuple[int, int, list[tuple[TruthQuote, str | None]]]:
    """(quotes found, found with an accepted speaker, misses) of one article's truth among the parser's quotes.

    `quotes` are attribution Quote objects or their dicts. A speaker is accepted when it equals one of
    the truth names or, for unnamed sources, ends with the truth's head noun (업계 관계자 for 관계자).
    """
    by_text: dict[str, str | None] = {}
    for q in quotes:
        d = q if isinstance(q, dict) else q.to_dict()
        by_text.setdefault(_key(d["text"]), d.get("speaker"))
    found = right = 0
    misses = []
    for t in truth:
        k = _key(t.text)
        if k not in by_text:
            misses.append((t, "<not found>"))
            continue
        found += 1
        got = by_text[k] or ""
        ok = got in t.speakers or (t.kind == "anonymous" and got.replace(" ", "").endswith(t.speakers[0]))
        if ok:
            right += 1
        else:
            misses.append((t, got))
    return found, right, misses


def write(n: int, seed: int, out: str | Path, per_dir: int = 5000) -> Path:
    """Write n articles under `out` (sub-folders of `per_dir` files, as archives are usually kept)."""
    out = Path(out)
    for name, text in generate(n, seed):
        sub = out / f"{int(name[:7]) // per_dir:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / name).write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="folder to write NNNNNNN_kind.txt files into")
    ap.add_argument("--print", action="store_true", help="print the articles instead")
    args = ap.parse_args(argv)
    if args.print or not args.out:
        for name, text in generate(args.articles, args.seed):
            print(f"===== {name}\n{text}")
        return 0
    write(args.articles, args.seed, args.out)
    chars = quotes = 0
    for _name, text, truth in generate_with_truth(args.articles, args.seed):
        chars += len(text)
        quotes += len(truth)
    print(f"wrote {args.articles} articles to {args.out}: {chars / max(1, args.articles):.0f} chars and "
          f"{quotes / max(1, args.articles):.1f} quotes per article", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
