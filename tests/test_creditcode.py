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


# --- what mutation testing found unpinned (issue 14)


def _problem(code: object, **kwargs: str) -> tuple[str, str, ProblemCode, str]:
    """The one problem ``validate`` reports: (path, message, code, message_zh)."""
    with pytest.raises(InvalidInputError) as err:
        creditcode.validate(code, **kwargs)  # type: ignore[arg-type]
    assert len(err.value.problems) == 1
    p = err.value.problems[0]
    return p.path, p.message, p.code, p.message_zh


def test_wrong_type_message_whole_and_field() -> None:
    with pytest.raises(InvalidInputError) as err:
        creditcode.compact(42)  # type: ignore[arg-type]
    p = err.value.problems[0]
    assert (p.path, p.message, p.code, p.message_zh) == (
        "credit_code",
        "must be a str of 18 characters (got 42, an int)",
        ProblemCode.WRONG_TYPE,
        "应为18位字符串（实际为 42（int 类型））",
    )
    # validate passes its field on to compact
    assert _problem(42, field="entity.credit_code")[0] == "entity.credit_code"


def test_format_message_whole() -> None:
    assert _problem("9111 0000 6000 3734 1I", field="entity.credit_code") == (
        "entity.credit_code",
        "must be 18 characters of 0-9 and the capital letters other than I, O, S, V and Z, "
        "the 3rd to 8th digits (got '9111 0000 6000 3734 1I')",
        ProblemCode.CREDIT_CODE_FORMAT,
        "应为18位，由数字和除 I、O、S、V、Z 以外的大写字母组成，第3至8位为数字"
        "（实际为 '9111 0000 6000 3734 1I'）",
    )


def test_registering_area_is_exactly_the_3rd_to_8th_characters() -> None:
    """A letter as the 3rd character is refused; as the 9th (the organisation code) accepted.

    91110000 A00037341: 9·1 + 1·3 + 1·9 + 1·27 + 0·(19+26+16+17) + A=10·20 + 0·(29+25+13)
    + 3·8 + 7·24 + 3·10 + 4·30 + 1·28 = 618; 618 = 19·31 + 29; (31 − 29) mod 31 = 2 = "2".
    """
    assert _problem("91A10000600037341L")[2] is ProblemCode.CREDIT_CODE_FORMAT
    assert creditcode.validate("91110000A000373412") == "91110000A000373412"


def test_national_level_registering_area() -> None:
    """Area 100000 (prefix 10, the national level) is no province but accepted.

    11 100000 000000000: 1·1 + 1·3 + 1·9 = 13; (31 − 13) mod 31 = 18 = "J"."""
    assert creditcode.validate("11100000000000000J") == "11100000000000000J"


def test_checksum_message_whole() -> None:
    """91110000600037341: the check character is L (worked out at SAMPLE), not M."""
    assert _problem("9111 0000 6000 3734 1M", field="entity.credit_code") == (
        "entity.credit_code",
        "has a wrong check character 'M', expected 'L' (got '9111 0000 6000 3734 1M')",
        ProblemCode.CREDIT_CODE_CHECKSUM,
        "校验码 'M' 错误，应为 'L'（实际为 '9111 0000 6000 3734 1M'）",
    )


def test_area_message_whole() -> None:
    """91990000600037341: check "B" (worked out at test_bad_codes_are_coded); 99 is no province."""
    assert _problem("9199 0000 6000 3734 1B", field="entity.credit_code") == (
        "entity.credit_code",
        "has the registering area '990000', whose first two digits name no province "
        "of GB/T 2260 (got '9199 0000 6000 3734 1B')",
        ProblemCode.CREDIT_CODE_AREA,
        "登记管理机关行政区划码 990000 的前两位不是 GB/T 2260 的省级代码"
        "（实际为 '9199 0000 6000 3734 1B'）",
    )
