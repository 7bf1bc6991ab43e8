"""The unified social credit code (GB 32100-2015): hand-worked check characters and junk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from poverty_credit import EntityKind, InvalidInputError, LegalEntity, ProblemCode, creditcode
from strategies import junk

#: Alphabet values: digits as themselves, A=10 … H=17, J=18 … N=22, P=23, Q=24, R=25, T=26, U=27,
#: W=28, X=29, Y=30. Weights 3^i mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
#: 9·1 + 1·3 + 1·9 + 1·27 + 0·(19+26+16+17) + 6·20 + 0·(29+25+13) + 3·8 + 7·24 + 3·10 + 4·30
#: + 1·28 = 538; 538 mod 31 = 11; (31 − 11) mod 31 = 20 = "L".
SAMPLE = "91110000600037341L"
#: Department N (agriculture, rural collectives): N=22. 22·1 + 1·3 + 1·9 + 1·27 = 61;
#: 61 mod 31 = 30; (31 − 30) mod 31 = 1 = "1".
COLLECTIVE = "N11100000000000001"


def test_hand_worked_codes_are_valid() -> None:
    assert creditcode.validate(SAMPLE) == SAMPLE
    assert creditcode.validate(COLLECTIVE) == COLLECTIVE


def test_letter_departments_are_accepted_unlike_stdnum() -> None:
    assert not uscc.is_valid(COLLECTIVE)
    assert creditcode.is_valid(COLLECTIVE)


@pytest.mark.parametrize("written", ["9111 0000 6000 3734 1L", "91110000-600037341l", SAMPLE])
def test_compacted(written: str) -> None:
    assert creditcode.validate(written) == SAMPLE


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91110000600037341M", ProblemCode.CREDIT_CODE_CHECKSUM),
        # 9·1+1·3+9·9+9·27+0+6·20+3·8+7·24+3·10+4·30+1·28 = 826; 826 mod 31 = 20; 11 = "B"
        ("91990000600037341B", ProblemCode.CREDIT_CODE_AREA),
        ("9111000060003734", ProblemCode.CREDIT_CODE_FORMAT),
        ("91110000600037341I", ProblemCode.CREDIT_CODE_FORMAT),  # I is not in the alphabet
        ("911A0000600037341L", ProblemCode.CREDIT_CODE_FORMAT),  # the area must be digits
        ("９1110000600037341L", ProblemCode.CREDIT_CODE_FORMAT),  # full-width nine
    ],
)
def test_bad_codes_are_coded(code: str, problem: ProblemCode) -> None:
    with pytest.raises(InvalidInputError) as err:
        creditcode.validate(code)
    assert err.value.codes == (problem,)
    assert err.value.field == "credit_code"
    assert not creditcode.is_valid(code)


def test_entity_credit_code_optional_and_validated() -> None:
    entity = LegalEntity(id="E", name="合作社", kind=EntityKind.COOPERATIVE)
    assert entity.credit_code is None
    entity = LegalEntity(id="E", name="合作社", kind="cooperative",
                         credit_code="9111 0000 6000 3734 1l")
    assert entity.credit_code == SAMPLE
    with pytest.raises(InvalidInputError) as err:
        LegalEntity(id="E", name="", kind="cooperative", credit_code="91110000600037341M")
    assert [p.field for p in err.value.problems] == ["name", "credit_code"]


@given(st.text(max_size=25))
def test_any_text_is_valid_or_invalid_input(text: str) -> None:
    mod = creditcode
    if mod.is_valid(text):
        assert mod.validate(text) == mod.compact(text)
    else:
        with pytest.raises(InvalidInputError) as err:
            mod.validate(text)
        assert err.value.field == "credit_code"


@given(junk())
def test_junk_is_invalid_input(value: object) -> None:
    if isinstance(value, str):
        return
    with pytest.raises(InvalidInputError):
        creditcode.validate(value)  # type: ignore[arg-type]
    assert creditcode.is_valid(value) is False
