"""Stance analysis: frames from reporting verbs, stance from the quote's morphology, polarity, evidence."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.model import Stance
from attribution.stance import (
    FRAMES,
    POLARITIES,
    STANCES,
    analyze,
    analyze_many,
    frame_of,
    load_lexicons,
    split_clauses,
    _morphs,
)
from attribution.morph import tokenize
from attribution.resources import LexiconError

STANCE_CASES = [
    # commitment: pledge, plan, intention
    ("앞으로 청년 일자리 창출에 적극 나서겠다", "밝히다", "commitment"),
    ("내년까지 공공임대주택 5만 호를 공급할 계획이다", "말하다", "commitment"),
    ("주민 불편이 없도록 하겠다", "말하다", "commitment"),
    ("현장의 목소리를 정책에 꾸준히 반영해 나갈 것", "설명하다", "commitment"),
    ("규제 개선안을 다음 달 발표할 예정", "전하다", "commitment"),
    ("임기 안에 반드시 결과를 내고자 한다", "말하다", "commitment"),
    ("내년부터 전면 무상급식을 시행하기로 했다", "밝히다", "commitment"),
    ("이제부터라도 더 열심히 해야겠다", "말하다", "commitment"),
    ("끝까지 책임지고 완주하겠다는 각오다", "말하다", "commitment"),
    ("주민께 힘이 되는 의회가 되겠습니다", "말하다", "commitment"),
    ("법적 대응에 나설 것임을 분명히 밝힌다", "밝히다", "commitment"),
    ("앞으로도 팬들과 소통하며 좋은 음악을 들려드리겠다", "말하다", "commitment"),
    ("내년 상반기 출시를 목표로 하고 있다", "밝히다", "commitment"),
    # a statement that stops at a noun of resolve or planned action (a headline, a clipped pledge)
    ("허위 사실 유포에 강력한 법적 대응", None, "commitment"),
    ("불법 행위에는 무관용 원칙으로 엄정 대응", None, "commitment"),
    ("연내 통합을 마무리하는 것이 목표", "말하다", "commitment"),
    ("노선 조정 방안을 검토 중", "말하다", "commitment"),
    # ... but a lax response named as such is a charge
    ("정부의 늑장 대응", None, "criticism"),
    # resolve stated as a thought, a plan announced in the simple present; ongoing work is only described
    ("이 아이들을 끝까지 지켜야겠다는 생각이 들었다", "말하다", "commitment"),
    ("내년부터 요금 인하를 검토한다", "밝히다", "commitment"),
    ("지역 인재 육성 사업을 적극 추진하고 있다", "밝히다", "assessment"),
    # negation: a pledge not to do something is still a pledge
    ("어떤 압력에도 절대 타협하지 않겠다", "강조하다", "commitment"),
    # demand: obligation, request, wish
    ("정부는 소상공인 지원 대책을 서둘러 마련해야 한다", "촉구하다", "demand"),
    ("국회가 예산안을 조속히 처리해 달라", "요청하다", "demand"),
    ("지금이라도 국민 앞에 사과하라", "비판하다", "demand"),
    ("재발 방지 대책이 반드시 필요하다", "말하다", "demand"),
    ("관계 기관의 협조가 절실하다", "말하다", "demand"),
    ("재난을 정치적으로 이용해서는 안 된다", "강조하다", "demand"),
    ("여기서 포기하면 안 된다", "말하다", "demand"),
    ("위험하니 꼭 대피하십시오", "당부하다", "demand"),
    ("모두가 행복했으면 하는 바람이다", "말하다", "demand"),
    # a persuasive question ("shouldn't we …?") is a demand, not a criticism
    ("이제는 제도를 바꿔야 하지 않겠느냐", "말하다", "demand"),
    ("더 많은 관심과 지원이 뒷받침돼야 할 것", "말하다", "demand"),
    # what the speaker says he thinks is his own stance
    ("정부가 서둘러 대책을 마련해야 한다고 생각한다", "말하다", "demand"),
    ("추가 지원이 필요하다고 본다", "말하다", "demand"),
    ("아이들이 안전하게 뛰어놀 수 있었으면 좋겠다", "말하다", "demand"),
    ("모두가 힘을 모아 주시길 바란다", "당부하다", "demand"),
    # reporting one's own request still makes it; someone else's is a report
    ("오늘 정부에 긴급 지원을 공식 요청했다", "밝히다", "demand"),
    ("주민들이 시에 대책 마련을 요구했다", "밝히다", "assessment"),
    ("더 이상 시민을 기만하지 말라", "말하다", "demand"),
    ("관계 당국의 신속한 조치가 요구된다", "말하다", "demand"),
    # it is time to act; what must come first; a headline that stops at its object
    ("이제는 여야가 머리를 맞대고 해법을 찾아 나갈 때", "말하다", "demand"),
    ("지금은 과감한 투자가 필요한 때", "말하다", "demand"),
    ("무엇보다 주민 안전이 우선", "말하다", "demand"),
    ("원활한 협력이 필수적", "밝히다", "demand"),
    ("재발 방지를 위한 근본 대책 마련을", None, "demand"),
    ("그 사람을 처음 만났을 때", "말하다", "assessment"),
    # concern: risk, fear, unease
    ("이대로 가면 지방 소멸이 더 빨라질 수 있다", "경고하다", "concern"),
    ("물가가 계속 올라 걱정이 크다", "말하다", "concern"),
    ("갑작스러운 결정에 무척 당황스럽다", "말하다", "concern"),
    ("하청업체 피해가 커질 우려가 있다", "밝히다", "concern"),
    ("이대로면 가게 문을 닫아야 할지도 모른다", "말하다", "concern"),
    ("앞으로 어떻게 살아야 할지 막막하다", "말하다", "concern"),
    ("손님이 뚝 끊겨 가게 운영이 어렵다", "말하다", "concern"),
    ("이러다 다 굶어 죽게 생겼다", "말하다", "concern"),
    ("또 사고가 날까 봐 밤에 잠을 못 잔다", "말하다", "concern"),
    # "못 …겠다" is what the speaker cannot bear, not a pledge ...
    ("불안해서 잠을 못 자겠다", "말하다", "concern"),
    ("이대로 가다간 큰일 난다", "말하다", "concern"),
    # a forecast of something bad warns of it; a pledge against something bad stays a pledge
    ("이대로라면 지역 경제는 더 나빠질 것", "말하다", "concern"),
    ("내년 경기는 더 악화될 것으로 보인다", "전망하다", "concern"),
    ("부동산 시장이 크게 흔들릴 전망이다", "말하다", "concern"),
    ("불법 행위는 끝까지 뿌리 뽑을 것", "말하다", "commitment"),
    ("겁이 나서 밖에 나가질 못한다", "말하다", "concern"),
    ("장바구니 물가가 더 오를지 모른다", "말하다", "concern"),
    ("경기가 나빠지면 중소기업들이 문을 닫을 수도 있다", "말하다", "concern"),
    ("중소 상인들은 큰 타격을 받을 수 있다", "말하다", "concern"),
    ("협력업체들도 거센 책임 추궁을 요구받을 수 있다", "말하다", "concern"),
    # the same "…할 수도 있다" with the speaker as subject is an option, not a risk
    ("상황에 따라 저희도 참여할 수도 있다", "말하다", "assessment"),
    # criticism: negative judgement, rhetorical question
    ("주민 의견을 듣지 않고 밀어붙인 것은 부적절하다", "지적하다", "criticism"),
    ("이런 상황에서 누가 정부를 믿겠느냐", "반문하다", "criticism"),
    ("그건 말도 안 되는 소리", "말하다", "criticism"),
    ("책임을 떠넘기는 것이 정치가 아니면 무엇인가", "말하다", "criticism"),
    ("도대체 언제까지 이런 일을 되풀이할 것인가", "말하다", "criticism"),
    ("이게 정상적인 나라냐", "반문하다", "criticism"),
    ("해도 해도 너무한다", "말하다", "criticism"),
    ("사실과 전혀 다른 억측에 불과하다", "반박하다", "criticism"),
    ("한마디로 어처구니가 없다", "말하다", "criticism"),
    # lexicon words Kiwi splits into prefix/root/suffix or two nouns
    ("정말 무책임한 태도다", "말하다", "criticism"),
    ("이건 명백한 직무유기다", "말하다", "criticism"),
    ("정부는 책임을 회피하고 있다", "말하다", "criticism"),
    # help or payment withheld is a complaint about someone ...
    ("사장님이 월급을 석 달째 안 주고 있다", "말하다", "criticism"),
    ("구청에 몇 번이나 말했는데 아무도 도와주지 않았다", "말하다", "criticism"),
    ("주민들이 아무리 호소해도 민원을 들어 주지 않는다", "말하다", "criticism"),
    # ... but a pledge not to burden anyone is a pledge, and a body that will not follow is no one's fault
    ("주민들께 더는 부담을 주지 않겠다", "말하다", "commitment"),
    # what should never have happened; what cannot be tolerated
    ("결코 일어나지 말아야 할 사고", None, "criticism"),
    ("공직자로서 있어서는 안 될 발언", "말하다", "criticism"),
    ("미리 알려줬으면 좋았을 텐데", "말하다", "criticism"),
    ("이런 폭력은 참을 수 없다", "말하다", "criticism"),
    # wrongdoing named as such, and anger at it
    ("업체의 불법 영업을 당국이 사실상 방치했다", "말하다", "criticism"),
    ("이번 조치는 명백한 권한 남용이다", "말하다", "criticism"),
    ("주민들은 이번 결정에 분노하고 있다", "말하다", "criticism"),
    # ... unless the clause denies it, or the speaker apologises for it
    ("허가 과정에 불법은 전혀 없었다", "말하다", "assessment"),
    ("어떤 위법 행위도 없었다", "해명하다", "assessment"),
    ("팬들께 실망을 안겨 드려 죄송하다", "말하다", "assessment"),
    # a charge in a background clause gives way to the main clause's stance
    ("관리를 계속 방치한다면 사고가 또 날지 모른다", "말하다", "concern"),
    # hedged "isn't it …?": criticism unless what it hedges is positive
    ("결국 정부 책임이 아닌가 싶다", "말하다", "criticism"),
    ("손님들이 동네 가게를 외면하고 있지 않나 생각합니다", "말하다", "criticism"),
    # assessment: report, diagnosis, ongoing action, forecast of events
    ("수출이 석 달째 감소하고 있다", "분석하다", "assessment"),
    ("올해 매출은 지난해보다 20% 늘었다", "밝히다", "assessment"),
    ("내년에는 기온이 더 오를 것으로 보인다", "전망하다", "assessment"),
    ("신청자가 크게 늘어날 예정이다", "보도하다", "assessment"),
    # the same future forms about a third party are a forecast, not a pledge
    ("내년에는 경제가 다시 살아날 것이다", "전망하다", "assessment"),
    ("결국 시간이 해결해 줄 것", "말하다", "assessment"),
    ("이번 합의는 양국 관계의 새로운 이정표가 될 것", "평가하다", "assessment"),
    ("그게 무슨 뜻인지 잘 모르겠다", "말하다", "assessment"),
    # "hard to say" hedges; a state that may hold is a possibility, not a risk
    ("조기 타결 여부는 단정하기 어렵다", "말하다", "assessment"),
    ("현재로서는 예단하기는 어렵다", "말하다", "assessment"),
    ("결과는 지역마다 다를 수 있다", "설명하다", "assessment"),
    ("판단하기 어렵다", "말하다", "assessment"),
    ("이번이 좋은 기회가 아닌가 싶다", "말하다", "assessment"),
    ("후배들이 잘해줄 것이라 믿는다", "말하다", "assessment"),
    ("수사 중인 사안이라 언급하지 않겠다", "답하다", "assessment"),
    # ... and "말씀 못 드리겠다" declines to comment
    ("그 부분은 아직 말씀 못 드리겠다", "답하다", "assessment"),
    ("지금은 답변하지 못하겠다", "답하다", "assessment"),
    ("그때 받은 상처가 아직도 생생하다", None, "assessment"),
    ("팬 여러분께 심려를 끼쳐 드린 점 깊이 사과드린다", "사과하다", "assessment"),
    # a background clause (…지만, …는데, …면) does not ask or pledge: the main clause decides
    ("더 도와드리고 싶지만 올해 예산이 이미 바닥났다", "말하다", "assessment"),
    ("직접 챙겨야 하는데 요즘은 몸이 잘 안 따라 준다", "말하다", "assessment"),
    ("손님이 원하신다면 언제든 다시 만들어 드리겠다", "말하다", "commitment"),
    ("최선을 다하고 싶은데 여건이 허락하지 않는다", "말하다", "assessment"),
    # a question ending that runs on into a noun names an alternative; one before a pause asks
    ("결국 살아남느냐 도태되느냐의 문제다", "말하다", "assessment"),
    ("계속하느냐, 그만두느냐 하는 고민이 깊다", "말하다", "assessment"),
    ("말 바꾸기로 치면 그쪽만 하겠느냐, 약속 어기기로 치면 저쪽만 하겠느냐", "말하다", "criticism"),
    # words inside ‘…’, <…> or (…) are someone else's, a title or an aside: their mood is not the speaker's
    ("(사임할 생각이 있나요?) 그런 계획은 전혀 없습니다", None, "assessment"),
    ("처음엔 ‘그게 말이 되느냐’며 다들 웃었다", "말하다", "assessment"),
    ("<그것이 알고 싶다> 제작진과 함께 취재했다", "말하다", "assessment"),
    # question
    ("회의는 언제 다시 열리나요?", "묻다", "question"),
    ("그 얘기는 누구한테 들었어?", None, "question"),
    # a plain-style question the journalist reports as a question stays one
    ("이 사업의 예산은 어디서 나오느냐", "묻다", "question"),
    # ... whatever shape the question has; the same words reported as a retort are a criticism
    ("그럼 예산은 어떻게 마련해야 하느냐", "묻다", "question"),
    ("왜 주민들에게 미리 알리지 않았느냐", "묻다", "question"),
    ("왜 주민들에게 미리 알리지 않았느냐", "반문하다", "criticism"),
    ("왜 주민들에게 미리 알리지 않았느냐", "말하다", "criticism"),
]


@pytest.mark.parametrize("text, verb, expected", STANCE_CASES)
def test_stance(text: str, verb: str | None, expected: str) -> None:
    result = analyze(text, verb)
    assert result.stance == expected, result.evidence


FRAME_CASES = [
    ("말하다", "neutral"),
    ("밝히다", "neutral"),
    ("강조하다", "emphasis"),
    ("역설하다", "emphasis"),
    ("진단하다", "assessment"),
    ("내다보다", "assessment"),
    ("꼬집다", "criticism"),
    ("비꼬다", "criticism"),
    ("우려하다", "concern"),
    ("다짐하다", "commitment"),
    ("주장하다", "claim"),
    ("일축하다", "rebuttal"),
    ("당부하다", "request"),
    ("반문하다", "question"),
    ("사과하다", "apology"),
    # unknown verbs: the noun of an X하다/X되다/X드리다 verb, an inflected form, or neutral
    ("하소연하다", "concern"),
    ("쓴소리하다", "criticism"),
    ("읍소하다", "request"),
    ("지적되다", "criticism"),
    ("요청드리다", "request"),
    ("강조했다", "emphasis"),
    ("흥얼거리다", "neutral"),
    (None, None),
    ("", None),
]


@pytest.mark.parametrize("verb, expected", FRAME_CASES)
def test_frame(verb: str | None, expected: str | None) -> None:
    frame, why = frame_of(verb)
    assert frame == expected
    assert why.startswith("frame=")
    assert analyze("회의는 오후에 열린다", verb).frame == expected


POLARITY_CASES = [
    ("이번 협력으로 큰 성과를 거뒀다", "positive"),
    ("지역 혁신과 성장에 기여하겠다", "positive"),
    ("태풍 피해가 심각하다", "negative"),
    ("결과가 좋지 않다", "negative"),
    ("안전에는 문제가 없다", "positive"),
    ("회의는 오후 3시에 열린다", "neutral"),
    ("주민 의견을 듣지 않고 밀어붙인 것은 부적절하다", "negative"),
    ("불공정한 경쟁이 계속되고 있다", "negative"),
]


@pytest.mark.parametrize("text, expected", POLARITY_CASES)
def test_polarity(text: str, expected: str) -> None:
    result = analyze(text, "말하다")
    assert result.polarity == expected, result.evidence


def test_negated_word_is_flipped_in_evidence() -> None:
    result = analyze("결과가 좋지 않다", None)
    polarity_why = [e for e in result.evidence if e.startswith("polarity=")]
    assert polarity_why and "좋(-1, negated)" in polarity_why[0]


def test_evidence_names_deciding_morphemes() -> None:
    result = analyze("지역 인재를 적극 육성하겠다", "강조하다")
    assert result == Stance(result.frame, "commitment", (), "positive", result.evidence)
    assert result.evidence[0] == "frame=emphasis: verb 강조하다"
    stance_why = [e for e in result.evidence if e.startswith("stance=")]
    assert stance_why and "육성하/XSV+겠/EP" in stance_why[0]
    polarity_why = [e for e in result.evidence if e.startswith("polarity=")]
    assert polarity_why and "육성(+1)" in polarity_why[0]


MULTI_CLAUSE_CASES = [
    # last clause decides when it ranks highest
    ("지금 시스템을 점검하고 있다. 이번 주 안에 복구를 마치겠다", "commitment", ("assessment",)),
    # an earlier clause of higher rank overrides the last one: demand > criticism
    ("예산 확보가 필요하다. 이대로 두면 누가 책임지겠느냐", "demand", ("criticism",)),
    # commitment > concern
    ("피해가 더 커질 수 있다. 그래서 긴급 예산을 투입하겠다", "commitment", ("concern",)),
    # two clauses of the same label give no secondary
    ("한마디로 코미디다. 이건 코미디가 아니고 무엇인가", "criticism", ()),
]


@pytest.mark.parametrize("text, expected, secondary", MULTI_CLAUSE_CASES)
def test_dominance_rule(text: str, expected: str, secondary: tuple[str, ...]) -> None:
    result = analyze(text, "말하다")
    assert result.stance == expected, result.evidence
    assert result.secondary == secondary, result.evidence


def test_reported_pledge_is_not_the_speakers_commitment() -> None:
    # "돕겠다고 했지만": the -겠- belongs to someone else's words (a quotative complement)
    result = analyze("그쪽은 돕겠다고 했지만 아무것도 하지 않았다", None)
    assert result.stance != "commitment", result.evidence


def test_clauses_split_on_endings_not_on_auxiliaries() -> None:
    clauses = split_clauses(_morphs(tokenize("경쟁력을 키워야 한다. 지원을 늘려 나가겠다")))
    assert len(clauses) == 2
    assert clauses[-1].last and not clauses[0].last


def test_frame_prior_for_plain_statements() -> None:
    # nothing in the words themselves; the journalist's verb frames it as criticism
    result = analyze("정부가 또 같은 결정을 내렸다", "비판하다")
    assert result.stance == "criticism"
    assert any("frame criticism" in e for e in result.evidence)


def test_lexicons_are_editable(tmp_path) -> None:
    (tmp_path / "frames.tsv").write_text(
        "# test\n속삭이다\tconcern\n고장난줄\n외치다\tneutral\tdemand\n", encoding="utf-8")
    (tmp_path / "stance_cues.tsv").write_text(
        "# name\tlabel\tpriority\tconditions\tpattern\n"
        "fancy\tcriticism\t99\t-\t멋지/VA\n"
        "broken\tnot-a-label\t1\t-\t멋지/VA\n"
        "bad_pattern\tdemand\t1\t-\t멋지\n",
        encoding="utf-8",
    )
    (tmp_path / "polarity.tsv").write_text("멋지다\t-2\n이상한줄\tx\n", encoding="utf-8")
    (tmp_path / "stance_nonvolitional.tsv").write_text("# none\n", encoding="utf-8")
    lex = load_lexicons(tmp_path)
    assert [c.name for c in lex.cues] == ["fancy"]
    result = analyze("정말 멋지다", "속삭이다", lexicons=lex)
    assert (result.frame, result.stance, result.polarity) == ("concern", "criticism", "negative")
    assert any("멋지/VA" in e for e in result.evidence)
    # third column: the stance a verb implies for a plain statement
    assert analyze("회의는 오후에 열린다", "외치다", lexicons=lex).stance == "demand"


@pytest.mark.parametrize("missing", ["frames.tsv", "stance_cues.tsv", "polarity.tsv", "stance_nonvolitional.tsv"])
def test_a_missing_lexicon_is_an_error_naming_it(tmp_path, missing) -> None:
    """An empty table would quietly give every quote the neutral frame: the file must be named instead."""
    for name in ("frames.tsv", "stance_cues.tsv", "polarity.tsv", "stance_nonvolitional.tsv"):
        if name != missing:
            (tmp_path / name).write_text("# empty\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=f"{missing}: no such file"):
        load_lexicons(tmp_path)


def test_an_unreadable_lexicon_is_an_error_naming_it(tmp_path) -> None:
    for name in ("frames.tsv", "stance_cues.tsv", "polarity.tsv", "stance_nonvolitional.tsv"):
        (tmp_path / name).write_text("# empty\n", encoding="utf-8")
    (tmp_path / "frames.tsv").write_bytes("말하다\tneutral\n".encode("cp949"))
    with pytest.raises(LexiconError, match="frames.tsv: not UTF-8 text"):
        load_lexicons(tmp_path)


def test_analyze_many_matches_analyze() -> None:
    items = [(text, verb) for text, verb, _ in STANCE_CASES[:8]] + [("", None)]
    assert analyze_many(items) == [analyze(t, v) for t, v in items]


def test_constants() -> None:
    assert set(STANCES) == {"commitment", "demand", "concern", "criticism", "assessment", "question"}
    assert {"neutral", "emphasis", "criticism", "rebuttal", "request"} <= set(FRAMES)
    assert POLARITIES == ("positive", "negative", "neutral")


@pytest.mark.parametrize("text", ["", "   ", "…", "\"", "?!", "ㅋㅋㅋ", "123,456", "\u200b", "A" * 500])
def test_odd_input(text: str) -> None:
    result = analyze(text, None)
    assert result.stance in STANCES
    assert result.polarity in POLARITIES
    assert result.evidence


@settings(max_examples=150, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=10)))
def test_never_raises(text: str, verb: str | None) -> None:
    result = analyze(text, verb)
    assert result.stance in STANCES + (None,)
    assert result.polarity in POLARITIES + (None,)
    assert result.frame in FRAMES + (None,)
    assert result.evidence and all(isinstance(e, str) for e in result.evidence)
    assert set(result.secondary) <= set(STANCES)
