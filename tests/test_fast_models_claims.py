"""The quick paths of ``Loan(...)`` and ``check_claim`` equal their general paths (issue 11).

* ``quick_money`` / ``quick_fraction`` return exactly what ``parse_money`` / ``parse_fraction``
  return (the same value *and* exponent) wherever they return anything, whatever the caller's
  decimal context; and they do return for the everyday inputs;
* a loan built through the quick check equals, field by field (types and exponents included),
  the loan the collecting ``Checker`` builds from the same arguments, and any input the quick
  check does not accept gets the very error (message, problems, order) of the general path;
* a claim's citations memoised per policy are ``policy.cite``'s own;
* ``check_claim`` stays equal to the eager reference findings (``tests/test_fast_paths.py``)
  on claims with any cover, insurer and cause.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import pickle
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poverty_credit import (
    DEFAULT_POLICY,
    CompensationClaim,
    InvalidInputError,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    ReasonCode,
    Repayment,
    check_claim,
    from_dict,
    preset,
    to_dict,
)
from poverty_credit._money import parse_fraction, parse_money
from poverty_credit._validate import quick_fraction, quick_money
from poverty_credit.claims import _CITED, _claim_citations
from poverty_credit.loss_sharing import _cover_cap
from strategies import (
    amounts,
    borrowers,
    dates,
    identifiers,
    junk,
    legal_entities,
    loans,
    natural_persons,
    policies,
    rates,
)

SHIPPED = [DEFAULT_POLICY, preset("nanao-2025"), preset("national-2021"), preset("yanjin-2016")]

# --------------------------------------------------------------------------------------------
# the quick parsers


def _decimal_texts() -> st.SearchStrategy[str]:
    """Text that looks like a number, nearly: digits, dots, signs, exponents, spaces."""
    return st.one_of(
        st.from_regex(r"\A[0-9]{0,18}(\.[0-9]{0,5})?\Z"),
        st.from_regex(r"\A[0-9]{30,45}(\.[0-9]{0,3})?\Z"),
        st.from_regex(r"\A0?\.[1-9][0-9]{44,60}\Z"),  # more digits than the context holds
        st.text(alphabet="0123456789.+-eE _\t٣²", max_size=12),
        amounts().map(str),
        rates().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def numbers() -> st.SearchStrategy[object]:
    """Money, rates and near misses of every type the parsers see."""
    return st.one_of(
        amounts(),
        rates(),
        amounts().map(lambda d: d.normalize()),  # 3E+4: the same amount, another exponent
        amounts().map(lambda d: d.quantize(Decimal("0.0001"))),  # 1.5000
        st.decimals(allow_nan=True, allow_infinity=True),
        st.decimals(min_value=0, max_value=2, places=6),
        st.integers(-5, 10**16),
        st.integers(),
        _decimal_texts(),
        st.sampled_from([Decimal("-0"), Decimal("-0.00"), Decimal("0E+3"), Decimal("1E+15"),
                         Decimal("999999999999999.99"), Decimal("1"), Decimal("1.0"), 0, 1,
                         "1", "1.", ".5", "5.", ".", "0.999999999999999999999999999999999999"]),
        junk(),
    )


@contextlib.contextmanager
def _hostile_context() -> Iterator[decimal.Context]:
    """A caller's context that would change any result computed in it (and traps everything)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        ctx.Emax, ctx.Emin = 5, -5
        ctx.traps = dict.fromkeys(ctx.traps, True)
        ctx.clear_flags()
        yield ctx


def _same_decimal(a: Decimal, b: Decimal) -> None:
    assert type(a) is type(b) is Decimal
    assert a.as_tuple() == b.as_tuple()  # the same sign, digits and exponent
    assert repr(a) == repr(b)


def _parsed(parse: Callable[[], Decimal]) -> Decimal | None:
    try:
        return parse()
    except InvalidInputError:
        return None


@settings(max_examples=500, deadline=None)
@given(numbers())
def test_quick_money_is_parse_money(value: object) -> None:
    with _hostile_context() as ctx:
        quick = quick_money(value)
        assert not any(ctx.flags.values())  # the caller's context untouched
    general = _parsed(lambda: parse_money(value, "principal"))
    if quick is not None:
        assert general is not None
        _same_decimal(quick, general)


@settings(max_examples=500, deadline=None)
@given(numbers(), st.booleans())
def test_quick_fraction_is_parse_fraction(value: object, upper_inclusive: bool) -> None:
    with _hostile_context() as ctx:
        quick = quick_fraction(value, upper_inclusive=upper_inclusive)
        assert not any(ctx.flags.values())
    general = _parsed(lambda: parse_fraction(value, "annual_rate",
                                             upper_inclusive=upper_inclusive))
    if quick is not None:
        assert general is not None
        _same_decimal(quick, general)


@settings(max_examples=200, deadline=None)
@given(amounts("0.01", "999999999999.99"), rates("0.99"))
def test_the_everyday_numbers_are_read_quickly(amount: Decimal, rate: Decimal) -> None:
    for given_amount in (amount, str(amount), amount.normalize()):
        quick = quick_money(given_amount)
        assert quick is not None
        _same_decimal(quick, parse_money(given_amount, "principal"))
    if amount == amount.to_integral_value():
        quick = quick_money(int(amount))
        assert quick is not None
        _same_decimal(quick, parse_money(int(amount), "principal"))
    for given_rate in (rate, str(rate)):
        quick = quick_fraction(given_rate)
        assert quick is not None
        _same_decimal(quick, parse_fraction(given_rate, "annual_rate"))


# --------------------------------------------------------------------------------------------
# Loan(...)


class _LaterDate(dt.date):
    """A date subclass (as pendulum's): the general path makes it a plain date."""


def _text_fields() -> st.SearchStrategy[object]:
    return st.one_of(identifiers(), st.sampled_from(["", " ", "\t", "credit_union"]), junk())


def _date_fields(around: dt.date) -> st.SearchStrategy[object]:
    near = st.integers(-400, 1500).map(lambda d: around + dt.timedelta(days=d))
    return st.one_of(
        near,
        near,
        near.map(lambda d: _LaterDate(d.year, d.month, d.day)),
        near.map(lambda d: dt.datetime(d.year, d.month, d.day)),
        junk(),
    )


def _amount_fields() -> st.SearchStrategy[object]:
    return st.one_of(amounts("0.00", "200000.00"), amounts("0.01", "200000.00").map(str),
                     st.integers(-1, 200000), numbers())


def _rate_fields() -> st.SearchStrategy[object]:
    return st.one_of(rates(), rates().map(str), numbers())


def _share_fields() -> st.SearchStrategy[object]:
    return st.one_of(st.none(), st.none(), rates("1").map(str), rates("1"), numbers())


@st.composite
def _repayment_fields(draw: st.DrawFn, start: dt.date, good: bool) -> tuple[str, list[object]]:
    """How the repayments are given (tuple, list, generator, junk) and the items: when ``good``,
    repayments (maybe unsorted, maybe before the start or above the principal) in a tuple or a
    list."""
    repayment = st.builds(
        Repayment, on=st.integers(-30, 800).map(lambda d: start + dt.timedelta(d)),
        principal=amounts("0.01", "40000.00"),
    )
    if good:
        return draw(st.sampled_from(["tuple", "list"])), draw(st.lists(repayment, max_size=4))
    items = draw(st.lists(st.one_of(repayment, junk()), max_size=4))
    return draw(st.sampled_from(["tuple", "list", "generator", "junk"])), items


@st.composite
def loan_arguments(draw: st.DrawFn) -> dict[str, Any]:
    """The keyword arguments of ``Loan(...)``: mostly valid, each field sometimes not."""
    start = draw(dates())
    good = draw(st.integers(0, 3)) > 0  # then every field valid but for a rare one

    def field(valid: st.SearchStrategy[object], other: st.SearchStrategy[object]) -> object:
        return draw(valid if good and draw(st.integers(0, 29)) else other)

    maturity = start + dt.timedelta(days=draw(st.integers(1, 1500)))
    kwargs: dict[str, Any] = {
        "id": field(identifiers(), _text_fields()),
        "borrower": field(borrowers(), st.one_of(borrowers(), junk())),
        "lender": field(st.just("credit_union"), _text_fields()),
        "principal": field(st.one_of(amounts("0.01", "200000.00"),
                                     amounts("0.01", "200000.00").map(str),
                                     st.integers(1, 200000)), _amount_fields()),
        "start_date": field(st.just(start), _date_fields(start)),
        "maturity_date": field(st.sampled_from([maturity, maturity, maturity, start]),
                               _date_fields(start)),  # (sometimes a near miss: the start)
        "annual_rate": field(st.one_of(rates(), rates().map(str)), _rate_fields()),
        "guarantee_required": field(st.booleans(), st.one_of(st.booleans(), junk())),
        "collateral_required": field(st.booleans(), st.one_of(st.booleans(), junk())),
        "repayments": draw(_repayment_fields(start, good)),
        "extended_to": field(st.sampled_from([None, maturity + dt.timedelta(days=30), maturity]),
                             st.one_of(st.none(), _date_fields(maturity))),
        "insurer_share": field(st.none() | rates("1").filter(bool) | rates("1").map(str),
                               _share_fields()),
    }
    for name in ("guarantee_required", "collateral_required", "extended_to", "insurer_share"):
        if draw(st.integers(0, 3)) == 0:
            del kwargs[name]  # the default
    return kwargs


def _arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Fresh arguments (a generator of repayments is read once)."""
    how, items = kwargs["repayments"]
    given = {"tuple": tuple, "list": list, "generator": lambda xs: (x for x in xs),
             "junk": lambda xs: 42 if not xs else "abc"}[how](items)
    return {**kwargs, "repayments": given}


def _general_path(general: bool) -> contextlib.AbstractContextManager[object]:
    """Within it, every loan is checked by the collecting path (when ``general``)."""
    if general:
        return mock.patch.object(Loan, "_quick_check", return_value=False)
    return contextlib.nullcontext()


def _build(kwargs: dict[str, Any], *, general: bool) -> Loan | InvalidInputError:
    with _general_path(general):
        try:
            return Loan(**_arguments(kwargs))
        except InvalidInputError as exc:
            return exc


def _same_loan(fast: Loan, general: Loan) -> None:
    assert fast == general
    assert hash(fast) == hash(general)
    assert repr(fast) == repr(general)
    for a in attrs.fields(Loan):
        x, y = getattr(fast, a.name), getattr(general, a.name)
        assert (type(x), repr(x)) == (type(y), repr(y)), a.name
        if isinstance(x, Decimal):
            _same_decimal(x, y)
    assert to_dict(fast) == to_dict(general)
    assert pickle.loads(pickle.dumps(fast)) == general


@settings(max_examples=400, deadline=None)
@given(loan_arguments())
def test_quick_loans_equal_checked_loans(kwargs: dict[str, Any]) -> None:
    fast, general = _build(kwargs, general=False), _build(kwargs, general=True)
    if isinstance(general, InvalidInputError):
        assert isinstance(fast, InvalidInputError)
        assert str(fast) == str(general)
        assert list(fast.problems) == list(general.problems)
        assert [(p.path, p.code, p.message, p.message_zh) for p in fast.problems] == [
            (p.path, p.code, p.message, p.message_zh) for p in general.problems
        ]
    else:
        assert isinstance(fast, Loan)
        _same_loan(fast, general)


@settings(max_examples=100, deadline=None)
@given(loans(), st.data())
def test_evolve_and_round_trip_take_the_same_path(loan: Loan, data: st.DataObject) -> None:
    """``attrs.evolve`` and ``from_dict`` build through ``__init__``: the quick check too."""
    changes = data.draw(st.fixed_dictionaries({}, optional={
        "principal": st.one_of(amounts("0.01", "200000.00").map(str), junk()),
        "annual_rate": st.one_of(rates().map(str), junk()),
        "maturity_date": st.one_of(st.just(loan.start_date), junk()),
    }))
    def evolve(general: bool) -> Loan | str:
        with _general_path(general):
            try:
                return attrs.evolve(loan, **changes)
            except InvalidInputError as exc:
                return str(exc)
    fast, general = evolve(False), evolve(True)
    if isinstance(general, str):
        assert fast == general
    else:
        assert isinstance(fast, Loan)
        _same_loan(fast, general)
    assert from_dict(to_dict(loan), Loan) == loan


_ANYTHING = st.one_of(junk(), identifiers(), numbers(), dates(), borrowers())


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries(
    {a.name: _ANYTHING for a in attrs.fields(Loan) if a.default is attrs.NOTHING},
    optional={a.name: _ANYTHING for a in attrs.fields(Loan) if a.default is not attrs.NOTHING},
))
def test_any_loan_arguments_give_a_loan_or_invalid_input(kwargs: dict[str, Any]) -> None:
    """Junk in any field: a loan or ``InvalidInputError``, nothing else (the quick check lets
    every other exception through, so one would fail here)."""
    with contextlib.suppress(InvalidInputError):
        assert isinstance(Loan(**kwargs), Loan)


def test_the_everyday_loan_takes_the_quick_path() -> None:
    """No timing: the general path is made to fail, and the everyday arguments never reach it."""
    person = NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    entity = LegalEntity(id="E-1", name="合作社", kind="cooperative")
    start = dt.date(2024, 3, 10)
    everyday: list[dict[str, Any]] = [
        {"principal": "30000", "annual_rate": "0.0435"},
        {"principal": Decimal("30000.00"), "annual_rate": Decimal("0.0435"), "borrower": entity},
        {"principal": 30000, "annual_rate": "0.0435", "insurer_share": "0.5",
         "extended_to": dt.date(2028, 3, 10), "guarantee_required": True},
        {"principal": "30000", "annual_rate": "0.0435",
         "repayments": [Repayment(on=dt.date(2025, 3, 10), principal="30000"),
                        Repayment(on=dt.date(2024, 9, 10), principal="0.01")][:1]},
        {"principal": "30000", "annual_rate": "0.0435", "repayments": []},
    ]
    with mock.patch.object(Loan, "_check", side_effect=AssertionError("the general path")):
        for extra in everyday:
            loan = Loan(**{"id": "L-1", "borrower": person, "lender": "credit_union",
                           "start_date": start, "maturity_date": dt.date(2027, 3, 10), **extra})
            assert type(loan.repayments) is tuple
            assert loan.principal == Decimal("30000.00")
            assert loan.principal.as_tuple().exponent == -2


def test_repayment_problems_are_named_by_the_general_path() -> None:
    """A repayment the quick check refuses (before the start, above the outstanding) is
    reported by the collecting path, every problem of it."""
    person = NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    with pytest.raises(InvalidInputError) as caught:
        Loan(id="L", borrower=person, lender="credit_union", principal="100",
             start_date=dt.date(2024, 3, 10), maturity_date=dt.date(2025, 3, 10),
             annual_rate="0.0435",
             repayments=(Repayment(on=dt.date(2024, 3, 9), principal="60"),
                         Repayment(on=dt.date(2024, 5, 1), principal="60")))
    assert [p.path for p in caught.value.problems] == ["repayments[0].on",
                                                       "repayments[1].principal"]


def test_a_zero_insurer_share_is_refused_by_the_general_path() -> None:
    person = NaturalPerson(id="P-1", birth_date=dt.date(1961, 3, 15), registered_poor=True)
    with pytest.raises(InvalidInputError, match="insurer_share: must be above 0"):
        Loan(id="L", borrower=person, lender="credit_union", principal="100",
             start_date=dt.date(2024, 3, 10), maturity_date=dt.date(2025, 3, 10),
             annual_rate="0.0435", insurer_share="0")


# --------------------------------------------------------------------------------------------
# check_claim


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SHIPPED) | policies())
def test_memoised_claim_citations_are_the_policys_own(policy: Any) -> None:
    cited, by_cause, cap = _claim_citations(policy)
    assert _claim_citations(policy) == (cited, by_cause, cap)
    assert list(cited) == [policy.cite(code, variant) for code, variant in _CITED]
    assert all(a is b for a, b in zip(cited, [policy.cite(code, variant)
                                              for code, variant in _CITED], strict=True))
    assert by_cause == {c: policy.cite(ReasonCode.CAUSE_NOT_COVERED, c.value)
                        for c in LossCause}
    assert cap == _cover_cap(policy)


@settings(max_examples=150, deadline=None)
@given(
    loans(borrower=st.one_of(natural_persons(), legal_entities(max_agreements=1)),
          principal=amounts("0.01", "200000.00")),
    st.data(),
    st.sampled_from(SHIPPED) | policies(),
)
def test_claim_verdicts_equal_the_eager_findings(loan: Loan, data: st.DataObject,
                                                 policy: Any) -> None:
    """The quick verdicts (memoised citations, the cover skipped where nothing is above it)
    give the eager reference's findings, including the cover note."""
    from poverty_credit.claims import _findings_eager, _periods, _validated
    from poverty_credit.decision import Decision

    unpaid = data.draw(amounts("0.01", loan.principal))
    due = loan.start_date + dt.timedelta(days=data.draw(st.integers(0, 800)))
    start = due + dt.timedelta(days=data.draw(st.integers(0, 200)))
    claim = CompensationClaim(
        loan=loan, due_date=due, unpaid_principal=unpaid,
        unpaid_interest=data.draw(amounts("0.00", "900.00")),
        notice_start=start, notice_end=start + dt.timedelta(days=data.draw(st.integers(0, 20))),
        cause=data.draw(st.none() | st.sampled_from(LossCause)),
        objections=data.draw(st.integers(0, 2)),
        approved=data.draw(st.booleans()),
    )
    on = start + dt.timedelta(days=data.draw(st.integers(0, 60)))
    allocations = policy.fund_allocations
    if allocations is not None and loan.lender not in allocations and data.draw(st.booleans()):
        policy = attrs.evolve(policy, fund_allocations={**allocations, loan.lender: 1})
    try:
        checked, on, chosen = _validated(claim, on, policy)
        overdue, notice = _periods(chosen)
        chosen.require_lender(claim.loan.lender, "claim.loan.lender")
        eager = Decision.of(tuple(_findings_eager(checked, on, chosen, overdue, notice)),
                            subject=loan.id, policy_id=chosen.id)
    except InvalidInputError as exc:
        expected: str | None = str(exc)
    else:
        expected = None
    if expected is not None:  # the quick path refuses the same input with the same error
        with pytest.raises(InvalidInputError) as caught:
            check_claim(claim, on, policy)
        assert str(caught.value) == expected
        return
    fast = check_claim(claim, on, policy)
    assert bool(fast) == bool(eager)
    assert fast == eager
    assert [(r.code, r.article, r.passed, r.message, r.message_zh) for r in fast.findings] == [
        (r.code, r.article, r.passed, r.message, r.message_zh) for r in eager.findings
    ]


# --------------------------------------------------------------------------------------------
# the other helpers of _validate (the module's branches, all of them)


def test_as_enum_matches_a_value_in_any_case() -> None:
    """A value read case-insensitively where it is not the member's name in other case."""
    import enum

    from poverty_credit._validate import as_enum

    class Colour(enum.Enum):
        RED = "Crimson"

    assert as_enum(Colour, " crimson ", "colour") is Colour.RED
    assert as_enum(Colour, "red", "colour") is Colour.RED
    with pytest.raises(InvalidInputError, match="colour: must be a Colour, one of 'Crimson'"):
        as_enum(Colour, "blue", "colour")


@pytest.mark.parametrize(("low", "high", "bound"), [
    (None, 3, "<= 3"), (7, None, ">= 7"), (7, 9, "between 7 and 9"),
])
def test_as_int_names_its_bound(low: int | None, high: int | None, bound: str) -> None:
    from poverty_credit._validate import as_int

    assert as_int(8 if low else 2, "n", low, high) == (8 if low else 2)
    with pytest.raises(InvalidInputError, match=f"n: must be {bound} \\(got 5\\)"):
        as_int(5, "n", low, high)
