"""The words of check_loan_terms' findings, exactly, in both languages, on both paths.

Expected strings are put together by hand from SPEC B ("5321": 5万元以下, 3年期以内, 免担保、
免抵押, 基准利率放贷; Art. 10 = 第十条), the seed's citations in ``x-county-measures.toml``
(AMOUNT_ABOVE_LIMIT "5万元以下", AMOUNT_ABOVE_ENTITY_LIMIT "实际额度以其带动贫困户户数而定",
TERM_ABOVE_LIMIT "3年期以内", GUARANTEE_REQUIRED "免担保", COLLATERAL_REQUIRED "免抵押",
RATE_ABOVE_BENCHMARK "基准利率放贷"; no citation for the entity cap or the rate note), the other
presets (national-2021: 10万 per household, caps per household, the LPR, no citations, so
银保监发〔2021〕6号 is named; yanjin-2016: 3万, at most 100万 per entity, "the Yanjin measures" /
盐津县办法) and the rate tables (``data/rates/pboc_lending.csv``: 2012-07-06 5.60 / 6.00 / 6.15 /
6.40 / 6.55 % in five bands; 2014-11-22 5.60 / 6.00 / 6.15 % in the three merged bands;
2015-10-24 4.35 / 4.75 / 4.90 %, confirmed through 2021-01-01; ``lpr.csv``: 2024-02-20 1-year
3.45 %). Amounts are shown to the fen (SPEC A: money has two decimals).

Each loan is checked on the everyday path (:func:`check_loan_terms`, messages rendered when first
read, English or Chinese first) and on the reference path (``_findings_eager``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from poverty_credit import (
    DEFAULT_POLICY,
    Citation,
    DrivingAgreement,
    EntityKind,
    InvalidInputError,
    LegalEntity,
    Loan,
    NaturalPerson,
    PolicyDocument,
    PolicySchedule,
    ReasonCode,
    Repayment,
    check_loan_terms,
    entity_credit_limit,
    poverty_relending_rate,
    preset,
)
from poverty_credit.loan_terms import _band, _findings_eager, percent

D = dt.date
C = ReasonCode
SEED = DEFAULT_POLICY
BARE = attrs.evolve(SEED, citations={})  # cites nothing: "the Measures" / 本办法 are named
N2021 = preset("national-2021")
YANJIN = attrs.evolve(preset("yanjin-2016"), entity_lending=True)
A10 = ("Art. 10", "第十条")
NONE_ = (None, None)
PERSON = NaturalPerson(id="P-1", birth_date=D(1975, 6, 1), registered_poor=True)
N21 = "银保监发〔2021〕6号"

Row = tuple[ReasonCode, bool, tuple[str | None, str | None], str, str]


START_2016, MATURITY_2017 = D(2016, 1, 1), D(2017, 1, 1)


def loan(principal: str = "50000", start: dt.date = START_2016,
         maturity: dt.date = MATURITY_2017, rate: str = "0.0435", **kw: object) -> Loan:
    kw.setdefault("borrower", PERSON)
    kw.setdefault("lender", "credit_union")
    kw.setdefault("id", "L-1")
    return Loan(principal=principal, start_date=start, maturity_date=maturity,  # type: ignore[arg-type]
                annual_rate=rate, **kw)  # type: ignore[arg-type]


def rows(reasons: object) -> list[Row]:
    return [(r.code, r.passed, (r.article, r.article_zh), r.message, r.message_zh)
            for r in reasons]  # type: ignore[attr-defined]


def findings_both_paths(ln: Loan, policy: object = SEED, others: tuple[Loan, ...] = ()
                        ) -> list[Row]:
    """The findings of the fast path, checked equal (verdicts, articles, both messages, in
    either reading order) to the eager reference path's."""
    kwargs = {"household_loans": others} if others else {}
    fast = check_loan_terms(ln, policy, **kwargs)  # type: ignore[arg-type]
    got = rows(fast.findings)
    zh_first = check_loan_terms(ln, policy, **kwargs).findings  # type: ignore[arg-type]
    assert [r.message_zh for r in zh_first] == [row[4] for row in got]
    assert [r.message for r in zh_first] == [row[3] for row in got]
    chosen = policy.on(ln.start_date) if isinstance(policy, PolicySchedule) else policy
    assert rows(_findings_eager(ln, chosen, others)) == got  # type: ignore[arg-type]
    assert bool(fast) == all(row[1] for row in got)
    return got


# The seed's rate wording for a 12-month loan of 2016-01-01 (2015-10-24 rates, merged bands):
WHERE = ("the benchmark 4.35 % in force on 2016-01-01 for a 12-month loan (PBoC benchmark, up to "
         "1 year (1年以内含), rates of 2015-10-24)")
WHERE_ZH = ("2016-01-01适用的12个月期基准利率4.35 %（人民银行基准利率，1年以内（含），"
            "2015-10-24起执行）")
TERM_BOUND = "(Art. 10 3年期以内, inclusive; latest maturity 2019-01-01)"
TERM_BOUND_ZH = "（第十条“3年期以内”，含；最迟到期日2019-01-01）"


def test_seed_good_loan_every_message() -> None:
    """50 000.00 ≤ 50 000.00 (5万元以下, inclusive); 2016-01-01 + 3 years = 2019-01-01 ≥
    2017-01-01; no guarantee, no collateral; 12 months at 4.35 % = the benchmark."""
    assert findings_both_paths(loan()) == [
        (C.AMOUNT_ABOVE_LIMIT, True, A10,
         "principal 50000.00 is within the limit of 50000.00 (Art. 10 以下, inclusive)",
         "贷款本金50000.00元，未超过50000.00元上限（第十条，以下含本数）"),
        (C.TERM_ABOVE_LIMIT, True, A10,
         f"maturity 2017-01-01 is within 3 years of the start 2016-01-01 {TERM_BOUND}",
         f"到期日2017-01-01在起贷日2016-01-01后3年以内{TERM_BOUND_ZH}"),
        (C.GUARANTEE_REQUIRED, True, A10, "no guarantee required (免担保)", "免担保"),
        (C.COLLATERAL_REQUIRED, True, A10, "no collateral required (免抵押)", "免抵押"),
        (C.RATE_ABOVE_BENCHMARK, True, A10,
         f"annual rate 4.35 % is not above {WHERE}; lending at the benchmark or lower "
         "(Art. 10 基准利率放贷)",
         f"年利率4.35 %，未超过{WHERE_ZH}（第十条“基准利率放贷”）"),
    ]


def test_seed_every_failure_message() -> None:
    """50 000.01 > 50 000.00; maturity 2019-01-02 > 2019-01-01 (37 months: the 13-60 band,
    4.75 %); a guarantee and collateral; 4.76 % > 4.75 %."""
    ln = loan("50000.01", maturity=D(2019, 1, 2), rate="0.0476", guarantee_required=True,
              collateral_required=True)
    assert findings_both_paths(ln) == [
        (C.AMOUNT_ABOVE_LIMIT, False, A10,
         "principal 50000.01 is above the limit of 50000.00 (Art. 10 以下, inclusive)",
         "贷款本金50000.01元，超过50000.00元上限（第十条，以下含本数）"),
        (C.TERM_ABOVE_LIMIT, False, A10,
         f"maturity 2019-01-02 is more than 3 years after the start 2016-01-01 {TERM_BOUND}",
         f"到期日2019-01-02超过起贷日2016-01-01后3年{TERM_BOUND_ZH}"),
        (C.GUARANTEE_REQUIRED, False, A10,
         "the loan requires a guarantee; the Measures lend without one (免担保)",
         "贷款要求担保，不符合“免担保”"),
        (C.COLLATERAL_REQUIRED, False, A10,
         "the loan requires collateral; the Measures lend without it (免抵押)",
         "贷款要求抵押，不符合“免抵押”"),
        (C.RATE_ABOVE_BENCHMARK, False, A10,
         "annual rate 4.76 % is above the benchmark 4.75 % in force on 2016-01-01 for a 37-month "
         "loan (PBoC benchmark, 1 to 5 years (1至5年含), rates of 2015-10-24) "
         "(Art. 10 基准利率放贷)",
         "年利率4.76 %，高于2016-01-01适用的37个月期基准利率4.75 %"
         "（人民银行基准利率，1至5年（含），"
         "2015-10-24起执行）（第十条“基准利率放贷”）"),
    ]


def test_a_bare_policy_names_the_document() -> None:
    """No citations: no article, no quote; "the Measures" / 本办法 are named and the plain
    words (无需担保, 无需抵押) stand in for the quotes."""
    good = findings_both_paths(loan(), BARE)
    bad = findings_both_paths(loan("60000", guarantee_required=True, collateral_required=True,
                                   rate="0.0436"), BARE)
    assert good[0][1:] == (True, NONE_,
                           "principal 50000.00 is within the limit of 50000.00 (the Measures, "
                           "inclusive)",
                           "贷款本金50000.00元，未超过50000.00元上限（本办法，以下含本数）")
    assert good[1][3:] == (
        "maturity 2017-01-01 is within 3 years of the start 2016-01-01 (the Measures, inclusive; "
        "latest maturity 2019-01-01)",
        "到期日2017-01-01在起贷日2016-01-01后3年以内（本办法，含；最迟到期日2019-01-01）")
    assert good[2][1:] == (True, NONE_, "no guarantee required", "无需担保")
    assert good[3][1:] == (True, NONE_, "no collateral required", "无需抵押")
    assert good[4][3:] == (f"annual rate 4.35 % is not above {WHERE}; lending at the benchmark "
                           "or lower (the Measures)", f"年利率4.35 %，未超过{WHERE_ZH}（本办法）")
    assert bad[0][3:] == ("principal 60000.00 is above the limit of 50000.00 (the Measures, "
                          "inclusive)",
                          "贷款本金60000.00元，超过50000.00元上限（本办法，以下含本数）")
    assert bad[2][1:] == (False, NONE_,
                          "the loan requires a guarantee; the Measures lend without one",
                          "贷款要求担保，不符合本办法")
    assert bad[3][1:] == (False, NONE_,
                          "the loan requires collateral; the Measures lend without it",
                          "贷款要求抵押，不符合本办法")
    assert bad[4][3:] == (f"annual rate 4.36 % is above {WHERE} "
                          "(the Measures)", f"年利率4.36 %，高于{WHERE_ZH}（本办法）")


def test_extension_message() -> None:
    """Maturity 2017-01-01, extended to 2020-01-01 (beyond 2019-01-01): the term still passes,
    saying the extension is not limited by the Measures (本办法)."""
    row = findings_both_paths(loan(extended_to=D(2020, 1, 1)))[1]
    assert row == (
        C.TERM_ABOVE_LIMIT, True, A10,
        f"maturity 2017-01-01 is within 3 years of the start 2016-01-01 {TERM_BOUND}; the "
        "extension to 2020-01-01 is not limited by the Measures (see the subsidy rules for what it "
        "costs)",
        f"到期日2017-01-01在起贷日2016-01-01后3年以内{TERM_BOUND_ZH}；展期至2020-01-01不受本办法期限限制"
        "（贴息见贴息规则）")


def test_term_at_the_edge_of_the_calendar() -> None:
    """The latest maturity is start + 3 years: from 9996-01-01 that is 9999-01-01, still a date
    (the term passes); from 9997-01-01 it would be 10000-01-01, past the calendar: refused as
    input naming loan.start_date, the same on both paths."""
    edge = findings_both_paths(loan(start=D(9996, 1, 1), maturity=D(9999, 1, 1)))
    assert edge[1][1] is True
    assert edge[1][3].endswith("(Art. 10 3年期以内, inclusive; latest maturity 9999-01-01)")
    past = loan(start=D(9997, 1, 1), maturity=D(9998, 1, 1))
    with pytest.raises(InvalidInputError) as fast:
        check_loan_terms(past)
    with pytest.raises(InvalidInputError) as eager:
        list(_findings_eager(past, SEED, ()))
    assert fast.value.field == eager.value.field == "loan.start_date"
    assert str(fast.value) == str(eager.value)


# --- rate bands ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "maturity", "rate", "en", "zh"), [
    # 2012-07-06 rates, five bands: 4 months ≤ 6 → 5.60 %
    (D(2013, 1, 1), D(2013, 5, 1), "0.056",
     "the benchmark 5.60 % in force on 2013-01-01 for a 4-month loan (PBoC benchmark, up to "
     "6 months (6个月以内含), rates of 2012-07-06)",
     "2013-01-01适用的4个月期基准利率5.60 %（人民银行基准利率，6个月以内，2012-07-06起执行）"),
    # 12 months on 2014-11-21, the day before the merger: still 2012-07-06, 6 months to 1 year
    (D(2014, 11, 21), D(2015, 11, 21), "0.06",
     "the benchmark 6.00 % in force on 2014-11-21 for a 12-month loan (PBoC benchmark, 6 months "
     "to 1 year (6个月至1年), rates of 2012-07-06)",
     "2014-11-21适用的12个月期基准利率6.00 %（人民银行基准利率，6个月至1年，2012-07-06起执行）"),
    # 12 months on 2014-11-22: the merged rates of that day, 5.60 % up to 1 year
    (D(2014, 11, 22), D(2015, 11, 22), "0.056",
     "the benchmark 5.60 % in force on 2014-11-22 for a 12-month loan (PBoC benchmark, up to "
     "1 year (1年以内含), rates of 2014-11-22)",
     "2014-11-22适用的12个月期基准利率5.60 %（人民银行基准利率，1年以内（含），2014-11-22起执行）"),
    # 36 months on 2013-01-01: 1 to 3 years, 6.15 %
    (D(2013, 1, 1), D(2016, 1, 1), "0.0615",
     "the benchmark 6.15 % in force on 2013-01-01 for a 36-month loan (PBoC benchmark, 1 to "
     "3 years (1至3年含), rates of 2012-07-06)",
     "2013-01-01适用的36个月期基准利率6.15 %（人民银行基准利率，1至3年（含），2012-07-06起执行）"),
    # 24 months on 2014-11-22: the 13-36 band has no value, merged into 1 to 5 years, 6.00 %
    (D(2014, 11, 22), D(2016, 11, 22), "0.06",
     "the benchmark 6.00 % in force on 2014-11-22 for a 24-month loan (PBoC benchmark, 1 to "
     "5 years (1至5年含), rates of 2014-11-22)",
     "2014-11-22适用的24个月期基准利率6.00 %（人民银行基准利率，1至5年（含），2014-11-22起执行）"),
], ids=["up to 6 months", "day before the merger", "day of the merger", "1 to 3 years",
        "merged 1 to 5 years"])
def test_rate_band_wording(start: dt.date, maturity: dt.date, rate: str, en: str,
                           zh: str) -> None:
    """At the benchmark: passed, "not above"; 未超过. The bands change their names on
    2014-11-22 (期限档次简并)."""
    row = findings_both_paths(loan(start=start, maturity=maturity, rate=rate))[-1]
    assert row == (C.RATE_ABOVE_BENCHMARK, True, A10,
                   f"annual rate {percent(Decimal(rate))} is not above {en}; lending at the "
                   "benchmark or lower (Art. 10 基准利率放贷)",
                   f"年利率{percent(Decimal(rate))}，未超过{zh}（第十条“基准利率放贷”）")


def test_bands_beyond_three_years_and_unknown_columns() -> None:
    """Under the five bands: 37-60 months "3 to 5 years", over 60 "over 5 years"; the LPR columns
    have their own words whatever the date; a column the messages do not know is shown as is."""
    before = D(2013, 1, 1)
    assert _band("upto_60m", before) == ("PBoC benchmark, 3 to 5 years (3至5年含)",
                                         "人民银行基准利率，3至5年（含）")
    assert _band("over_60m", before) == ("PBoC benchmark, over 5 years (5年以上)",
                                         "人民银行基准利率，5年以上")
    assert _band("over_60m", D(2015, 10, 24)) == _band("over_60m", before)
    assert _band("upto_12m", D(2014, 11, 21)) == ("PBoC benchmark, 6 months to 1 year (6个月至1年)",
                                                  "人民银行基准利率，6个月至1年")
    assert _band("1y", D(2024, 2, 20)) == ("1-year LPR, used for terms up to 12 months",
                                           "1年期LPR（1年以内含）")
    assert _band("5y_plus", D(2024, 2, 20)) == (
        "5-year-and-above LPR, used for terms over 12 months", "5年期以上LPR（1年以上）")
    assert _band("3y", D(2024, 2, 20)) == ("3y", "3y")
    # 72 months on 2013-01-01: over 5 years, 6.55 % (the term itself fails: 6 > 3 years)
    row = findings_both_paths(loan(start=before, maturity=D(2019, 1, 1), rate="0.0655"))[-1]
    assert row[3].startswith("annual rate 6.55 % is not above the benchmark 6.55 % in force on "
                             "2013-01-01 for a 72-month loan (PBoC benchmark, over 5 years")


@pytest.mark.parametrize(("rate", "shown"), [
    ("0.0435", "4.35 %"),  # 4.35: two decimals already
    ("0.04", "4.00 %"),  # 4 → at least two decimals
    ("0.1", "10.00 %"),  # 10 (1E+1 once normalised) → 10.00
    ("0.04355", "4.355 %"),  # three decimals are kept
    ("0", "0.00 %"),
])
def test_percent(rate: str, shown: str) -> None:
    assert percent(Decimal(rate)) == shown


def test_rate_unconfirmed_note_on_both_paths() -> None:
    """A seed loan of 2021-06-01, 12 months at 4.35 %: the PBoC table is confirmed through
    2021-01-01, so a sixth, passed RATE_UNCONFIRMED finding (no citation) ends the findings."""
    got = findings_both_paths(loan(start=D(2021, 6, 1), maturity=D(2022, 6, 1)))
    assert [row[0] for row in got] == [C.AMOUNT_ABOVE_LIMIT, C.TERM_ABOVE_LIMIT,
                                       C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED,
                                       C.RATE_ABOVE_BENCHMARK, C.RATE_UNCONFIRMED]
    assert got[-1] == (
        C.RATE_UNCONFIRMED, True, NONE_,
        "the benchmark lending rate for 2021-06-01 is past 2021-01-01, the last date the sources "
        "of PBoC benchmark lending rates (人民币贷款基准利率), % a year, by term band confirm: the "
        "last known rate 4.35 % (in force from 2015-10-24) is used; check it against the "
        "published figure",
        "2021-06-01适用的基准利率超出数据来源确认的最后日期2021-01-01：沿用最后已知利率4.35 %"
        "（自2015-10-24起执行），请与公布值核对")
    # the last confirmed day itself: no note
    assert len(findings_both_paths(loan(start=D(2021, 1, 1), maturity=D(2022, 1, 1)))) == 5


# --- the household cap (national-2021) -----------------------------------------------------------


def member(pid: str, household: str = "H-1") -> NaturalPerson:
    return NaturalPerson(id=pid, birth_date=D(1980, 5, 1), status="lifted_out",
                         household_id=household)


START = D(2024, 6, 1)


def loan_2021(lid: str, who: NaturalPerson | LegalEntity, principal: str, start: dt.date = START,
              **kw: object) -> Loan:
    """12 months at the 1-year LPR of 2024-02-20, 3.45 % (in force on 2024-06-01)."""
    return loan(principal, start=start, maturity=D(start.year + 1, start.month, start.day),
                rate="0.0345", borrower=who, id=lid, **kw)


#: 60 000 from 2024-01-10, 10 000 repaid on 2024-03-01: 50 000.00 outstanding on 2024-06-01.
A_LOAN = loan_2021("L-A", member("A"), "60000", D(2024, 1, 10),
                   repayments=[Repayment(on=D(2024, 3, 1), principal="10000")])
#: 20 000 from 2024-05-31, nothing repaid: 20 000.00 outstanding.
C_LOAN = loan_2021("L-C", member("C"), "20000", D(2024, 5, 31))


def test_household_messages_2021() -> None:
    """10万 per household (national-2021). B borrows 30 000 on 2024-06-01:
    * alone: "no other own loan", judged on this loan alone;
    * with A's 50 000.00 outstanding: 30 000.00 + 50 000.00 = 80 000.00 ≤ 100 000.00, within;
    * with A's and C's (50 000.00 + 20 000.00 = 70 000.00): 30 000.00 + 70 000.00 =
      100 000.00, within (inclusive), both named in the given order;
    * B borrowing 30 000.01 with both: 100 000.01, above."""
    b = loan_2021("L-B", member("B"), "30000")
    alone = findings_both_paths(b, N2021, ())[1]
    assert alone == (
        C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, True, NONE_,
        f"household H-1 has no other own loan outstanding on 2024-06-01: its limit of 100000.00 is "
        f"judged on this loan alone ({N21})",
        f"2024-06-01本户H-1无其他未结清的自有贷款，按本笔贷款核对每户100000.00元的限额（{N21}）")
    with_a = findings_both_paths(b, N2021, (A_LOAN,))[1]
    assert with_a == (
        C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, True, NONE_,
        "household H-1: principal 30000.00 + 50000.00 outstanding on 2024-06-01 on its other loans "
        f"(L-A) = 80000.00, within the household limit of 100000.00 ({N21}, inclusive)",
        "本户H-1：本笔30000.00元 + 2024-06-01其他贷款（L-A）未结清本金50000.00元 = 80000.00元，"
        f"未超过每户100000.00元的限额（{N21}，含本数）")
    both = findings_both_paths(b, N2021, (A_LOAN, C_LOAN))[1]
    assert both[1] is True
    assert both[3] == (
        "household H-1: principal 30000.00 + 70000.00 outstanding on 2024-06-01 on its other loans "
        f"(L-A, L-C) = 100000.00, within the household limit of 100000.00 ({N21}, inclusive)")
    over = findings_both_paths(loan_2021("L-B", member("B"), "30000.01"), N2021,
                               (A_LOAN, C_LOAN))[1]
    assert over == (
        C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, False, NONE_,
        "household H-1: principal 30000.01 + 70000.00 outstanding on 2024-06-01 on its other loans "
        f"(L-A, L-C) = 100000.01, above the household limit of 100000.00 ({N21}, inclusive)",
        "本户H-1：本笔30000.01元 + 2024-06-01其他贷款（L-A, L-C）未结清本金70000.00元 = "
        "100000.01元，"
        f"超过每户100000.00元的限额（{N21}，含本数）")


def test_household_counts_each_other_loan_once_and_only_natural_persons_of_the_household() -> None:
    """A's loan given twice counts once (50 000.00); the loan itself, another household's loan
    (H-2), an entity's loan and a loan not yet disbursed on the start date (2024-06-02) are not
    counted: 60 000.00 + 50 000.00 = 110 000.00 > 100 000.00."""
    b = loan_2021("L-B", member("B"), "60000")
    coop = LegalEntity(id="E", name="E", kind=EntityKind.COOPERATIVE, agreements=[
        DrivingAgreement(household=member("B"), signed_on=D(2024, 1, 1))])
    others = (A_LOAN, A_LOAN, b, loan_2021("L-X", member("X", "H-2"), "90000"),
              loan_2021("L-E", coop, "90000"), loan_2021("L-L", member("L"), "90000",
                                                         D(2024, 6, 2)))
    row = findings_both_paths(b, N2021, others)[1]
    assert row[1] is False
    assert row[3] == (
        "household H-1: principal 60000.00 + 50000.00 outstanding on 2024-06-01 on its other loans "
        f"(L-A) = 110000.00, above the household limit of 100000.00 ({N21}, inclusive)")


def test_household_finding_only_where_the_policy_caps_per_household() -> None:
    """The seed (caps_per_household false) gives no household finding even with other loans;
    a policy leaving it unset needs it only when other loans are given."""
    b = loan_2021("L-B", member("B"), "50000", D(2016, 1, 1))
    a = loan_2021("L-A", member("A"), "50000", D(2015, 12, 1))
    assert [row[0] for row in findings_both_paths(b, SEED, (a,))] == [
        C.AMOUNT_ABOVE_LIMIT, C.TERM_ABOVE_LIMIT, C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED,
        C.RATE_ABOVE_BENCHMARK]
    unset = attrs.evolve(SEED, caps_per_household=None)
    assert len(findings_both_paths(b, unset)) == 5
    with pytest.raises(InvalidInputError, match="caps_per_household"):
        check_loan_terms(b, unset, household_loans=[a])


def test_a_policy_without_fund_allocations_takes_any_lender() -> None:
    """national-2021 names no lenders (no fund_allocations): any lender is accepted; the seed
    knows its two."""
    ln = loan_2021("L-B", member("B"), "30000", lender="county_rural_bank")
    assert check_loan_terms(ln, N2021)
    with pytest.raises(InvalidInputError, match="county_rural_bank"):
        check_loan_terms(ln)


def test_schedule_reads_the_start_date() -> None:
    """A schedule (seed, then a 2021 rule of 10万 from 2021-01-01): 80 000 on 2020-12-31 is
    above 50 000.00; on 2021-01-01 within 100 000.00."""
    later = attrs.evolve(SEED, document=PolicyDocument(id="x-2021", title="X 2021"),
                         effective_from=D(2021, 1, 1), max_loan_amount=100000)
    schedule = PolicySchedule([SEED, later])
    before = findings_both_paths(loan("80000", start=D(2020, 12, 31),
                                      maturity=D(2021, 12, 31)), schedule)
    assert before[0][1:4] == (False, A10, "principal 80000.00 is above the limit of 50000.00 "
                              "(Art. 10 以下, inclusive)")
    after = check_loan_terms(loan("80000", start=D(2021, 1, 1), maturity=D(2022, 1, 1)), schedule)
    assert after.findings[0].passed
    assert after.policy_id == "x-2021"
    assert after.subject == "L-1"


# --- entities ------------------------------------------------------------------------------------


def farm(n: int, signed: dt.date) -> LegalEntity:
    return LegalEntity(id="E-1", name="Farm", kind=EntityKind.FAMILY_FARM, agreements=[
        DrivingAgreement(household=NaturalPerson(id=f"H{i}", birth_date=D(1970, 1, 1),
                                                 registered_poor=True), signed_on=signed)
        for i in range(n)])


def test_seed_entity_amount_messages() -> None:
    """Three households driven since 2015-12-01: 50 000.00 × 3 = 150 000.00 on 2016-01-01; the
    per-person 50 000 does not apply."""
    how = ("50000.00 × 3 counted household(s) on 2016-01-01, Art. 10 "
           "实际额度以其带动贫困户户数而定; "
           "the per-person limit does not apply")
    how_zh = "50000.00元 × 2016-01-01带动计入的贫困户3户，第十条“实际额度以其带动贫困户户数而定”"
    ok = findings_both_paths(loan("150000", borrower=farm(3, D(2015, 12, 1))))[0]
    assert ok == (C.AMOUNT_ABOVE_ENTITY_LIMIT, True, A10,
                  f"principal 150000.00 is within the entity's limit of 150000.00 ({how})",
                  f"贷款本金150000.00元，未超过法人客户额度150000.00元（{how_zh}）")
    over = findings_both_paths(loan("150000.01", borrower=farm(3, D(2015, 12, 1))))[0]
    assert over == (C.AMOUNT_ABOVE_ENTITY_LIMIT, False, A10,
                    f"principal 150000.01 is above the entity's limit of 150000.00 ({how})",
                    f"贷款本金150000.01元，超过法人客户额度150000.00元（{how_zh}）")


def test_entity_cap_messages() -> None:
    """盐津 2016: 30 000.00 per household, at most 1 000 000.00. 40 households on 2016-09-01:
    30 000.00 × 40 = 1 200 000.00, capped at 1 000 000.00; 1 000 000.01 is above. No citations:
    "the Yanjin measures" / 盐津县办法 named for the limit and the cap."""
    big = farm(40, D(2016, 1, 1))
    ln = loan("1000000.01", start=D(2016, 9, 1), maturity=D(2017, 9, 1), borrower=big)
    row = findings_both_paths(ln, YANJIN)[0]
    assert row == (
        C.AMOUNT_ABOVE_ENTITY_LIMIT, False, NONE_,
        "principal 1000000.01 is above the entity's limit of 1000000.00 (30000.00 × 40 counted "
        "household(s) on 2016-09-01, the Yanjin measures; the per-person limit does not apply; "
        "1200000.00 capped at the entity limit of 1000000.00 (the Yanjin measures))",
        "贷款本金1000000.01元，超过法人客户额度1000000.00元"
        "（30000.00元 × 2016-09-01带动计入的贫困户40户，"
        "盐津县办法；1200000.00元超过法人客户上限，按1000000.00元计（盐津县办法））")


def test_entity_limit_equal_to_the_cap_is_not_capped() -> None:
    """30 households × 30 000.00 = 900 000.00 against a cap of exactly 900 000: the limit is the
    households' own (no cap clause); 31 households (930 000.00) are capped at 900 000.00."""
    policy = attrs.evolve(YANJIN, max_entity_loan_amount=900000)
    on = D(2016, 9, 1)
    assert entity_credit_limit(farm(30, D(2016, 1, 1)), on, policy) == Decimal("900000.00")
    assert entity_credit_limit(farm(31, D(2016, 1, 1)), on, policy) == Decimal("900000.00")
    exact = findings_both_paths(loan("900000", start=on, maturity=D(2017, 9, 1),
                                     borrower=farm(30, D(2016, 1, 1))), policy)[0]
    assert exact[3] == (
        "principal 900000.00 is within the entity's limit of 900000.00 (30000.00 × 30 counted "
        "household(s) on 2016-09-01, the Yanjin measures; the per-person limit does not apply)")
    capped = findings_both_paths(loan("900000", start=on, maturity=D(2017, 9, 1),
                                      borrower=farm(31, D(2016, 1, 1))), policy)[0]
    assert capped[3].endswith("; 930000.00 capped at the entity limit of 900000.00 "
                              "(the Yanjin measures))")


def test_entity_lending_not_allowed_comes_first() -> None:
    """national-2021 does not lend to entities: the failed ENTITY_LENDING_NOT_ALLOWED, then the
    entity's amount (100 000.00 × 1 household), then the other findings."""
    e = LegalEntity(id="E-1", name="E", kind=EntityKind.COOPERATIVE, agreements=[
        DrivingAgreement(household=member("A"), signed_on=D(2024, 1, 1))])
    got = findings_both_paths(loan_2021("L-E", e, "100000"), N2021)
    assert [row[0] for row in got] == [
        C.ENTITY_LENDING_NOT_ALLOWED, C.AMOUNT_ABOVE_ENTITY_LIMIT, C.TERM_ABOVE_LIMIT,
        C.GUARANTEE_REQUIRED, C.COLLATERAL_REQUIRED, C.RATE_ABOVE_BENCHMARK]
    assert got[0] == (C.ENTITY_LENDING_NOT_ALLOWED, False, NONE_,
                      f"lending to legal entities is not allowed ({N21}): the loans go to the "
                      "households themselves", f"不得向法人客户发放（{N21}），贷款应发放到户")
    assert got[1][1] is True
    assert got[1][3].startswith("principal 100000.00 is within the entity's limit of 100000.00 "
                                "(100000.00 × 1 counted household(s) on 2024-06-01")


def test_household_loans_must_be_a_collection_of_loans() -> None:
    """A str, a mapping, a single Loan or a non-iterable is refused as a whole (``describe``:
    repr, then "a"/"an" and the type); a list is checked item by item, every bad item named by
    its index; any iterable of loans (here a generator) is accepted."""
    b = loan_2021("L-B", member("B"), "30000")
    for bad, shown in (("L-A", "'L-A', a str"), ({}, "{}, a dict"), (5, "5, an int")):
        with pytest.raises(InvalidInputError) as info:
            check_loan_terms(b, N2021, household_loans=bad)  # type: ignore[arg-type]
        assert [(p.field, p.message) for p in info.value.problems] == [
            ("household_loans", f"must be a collection of Loan (got {shown})")]
    with pytest.raises(InvalidInputError) as info:
        check_loan_terms(b, N2021, household_loans=A_LOAN)  # type: ignore[arg-type]
    assert info.value.field == "household_loans"
    assert info.value.problems[0].message.endswith(", a Loan)")
    with pytest.raises(InvalidInputError) as info:
        check_loan_terms(b, N2021, household_loans=[A_LOAN, "L-X", 3])  # type: ignore[list-item]
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("household_loans[1]", "must be a Loan (got 'L-X', a str)"),
        ("household_loans[2]", "must be a Loan (got 3, an int)")]
    row = check_loan_terms(b, N2021, household_loans=(x for x in [A_LOAN])).findings[1]
    assert row.message.startswith("household H-1: principal 30000.00 + 50000.00 outstanding")


def test_a_cited_rate_note() -> None:
    """A county citing an article for the note (RATE_UNCONFIRMED → "Art. 27", 第二十七条): the
    note carries it on both paths (2021-06-01 is past the PBoC table's 2021-01-01)."""
    cited = attrs.evolve(SEED, citations={**SEED.citations, "RATE_UNCONFIRMED": Citation(
        "Art. 27", "第二十七条")})
    row = findings_both_paths(loan(start=D(2021, 6, 1), maturity=D(2022, 6, 1)), cited)[-1]
    assert row[:3] == (C.RATE_UNCONFIRMED, True, ("Art. 27", "第二十七条"))


def test_household_skips_only_the_loans_it_does_not_count() -> None:
    """The loan itself and another household's loan come first; A's loan after them still
    counts: 30 000.00 + 50 000.00 = 80 000.00. A loan with only 0.50 left on the start date
    (1 000 from 2024-05-01, 999.50 repaid 2024-05-20) counts too: 30 000.00 + 0.50."""
    b = loan_2021("L-B", member("B"), "30000")
    other = loan_2021("L-X", member("X", "H-2"), "90000")
    row = findings_both_paths(b, N2021, (b, other, A_LOAN))[1]
    assert row[3].startswith("household H-1: principal 30000.00 + 50000.00 outstanding on "
                             "2024-06-01 on its other loans (L-A) = 80000.00, within")
    row = findings_both_paths(b, N2021, (other, A_LOAN))[1]
    assert "on its other loans (L-A) = 80000.00" in row[3]
    tail = loan_2021("L-T", member("T"), "1000", D(2024, 5, 1),
                     repayments=[Repayment(on=D(2024, 5, 20), principal="999.50")])
    row = findings_both_paths(b, N2021, (tail,))[1]
    assert row[3].startswith("household H-1: principal 30000.00 + 0.50 outstanding on 2024-06-01 "
                             "on its other loans (L-T) = 30000.50, within")


def test_cited_household_and_entity_caps() -> None:
    """Where a county cites the household cap ("Art. 8", 第八条) and the entity cap ("Art. 9",
    第九条), the findings carry and name them: B's 60 000.00 + A's 50 000.00 = 110 000.00 >
    100 000.00; B alone; 40 households × 30 000.00 = 1 200 000.00 capped at 1 000 000.00."""
    n2021 = attrs.evolve(N2021, citations={"HOUSEHOLD_AMOUNT_ABOVE_LIMIT": Citation(
        "Art. 8", "第八条")})
    b = loan_2021("L-B", member("B"), "60000")
    over = findings_both_paths(b, n2021, (A_LOAN,))[1]
    assert over[:3] == (C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, False, ("Art. 8", "第八条"))
    assert over[3].endswith("above the household limit of 100000.00 (Art. 8, inclusive)")
    alone = findings_both_paths(b, n2021)[1]
    assert alone[:3] == (C.HOUSEHOLD_AMOUNT_ABOVE_LIMIT, True, ("Art. 8", "第八条"))
    assert alone[3].endswith("its limit of 100000.00 is judged on this loan alone (Art. 8)")
    yanjin = attrs.evolve(YANJIN, citations={"AMOUNT_ABOVE_ENTITY_CAP": Citation(
        "Art. 9", "第九条")})
    ln = loan("1000000", start=D(2016, 9, 1), maturity=D(2017, 9, 1),
              borrower=farm(40, D(2016, 1, 1)))
    row = findings_both_paths(ln, yanjin)[0]
    assert row[3].endswith("; 1200000.00 capped at the entity limit of 1000000.00 (Art. 9))")
    assert row[4].endswith("；1200000.00元超过法人客户上限，按1000000.00元计（第九条））")


def test_entity_credit_limit_reads_a_schedule_on_the_day_and_names_bad_input() -> None:
    """Seed (5万) then a rule of 10万 from 2021-01-01: two households driven since 2020-01-01
    give 100 000.00 on 2020-12-31 and 200 000.00 on 2021-01-01. A str is refused, named."""
    later = attrs.evolve(SEED, document=PolicyDocument(id="x-2021", title="X 2021"),
                         effective_from=D(2021, 1, 1), max_loan_amount=100000)
    schedule = PolicySchedule([SEED, later])
    two = farm(2, D(2020, 1, 1))
    assert entity_credit_limit(two, D(2020, 12, 31), schedule) == Decimal("100000.00")
    assert entity_credit_limit(two, D(2021, 1, 1), schedule) == Decimal("200000.00")
    with pytest.raises(InvalidInputError) as info:
        entity_credit_limit("E-1", D(2021, 1, 1))  # type: ignore[arg-type]
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("entity", "must be a LegalEntity (got 'E-1', a str)")]


def test_relending_rate_at_and_below_the_discount_is_the_same_zero() -> None:
    """2.75 % − 1 point = 1.75 %; at 1 % (0.01 − 0.01 = 0) and at 0.5 % (negative) the rate is
    the same zero, Decimal('0'), so results and their serialised form do not depend on how the
    difference reached zero."""
    assert poverty_relending_rate("0.0275") == Decimal("0.0175")
    assert str(poverty_relending_rate("0.01")) == str(poverty_relending_rate("0.005")) == "0"
