"""The resident identity number (GB 11643-1999): hand-worked checksums, parts, junk."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from poverty_credit import InvalidInputError, NaturalPerson, ProblemCode, idnumber
from strategies import id_number_for, junk

#: 110105 19491231 002 X. ISO 7064 MOD 11-2 with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
#: 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8
#: + 0·4 + 2·2 = 167; 167 mod 11 = 2; "10X98765432"[2] = "X". Sequence 002 is even: a woman.
BEIJING_1949 = "11010519491231002X"
#: 360426 19700101 007 5: 3·7 + 6·9 + 0·10 + 4·5 + 2·8 + 6·4 + 1·2 + 9·1 + 7·6 + 0·3 + 0·7
#: + 1·9 + 0·10 + 1·5 + 0·8 + 0·4 + 7·2 = 216; 216 mod 11 = 7; "10X98765432"[7] = "5".
#: 德安县 (360426) is in the area table from 1983 only; the person was born in 1970.
DEAN_1970 = "360426197001010075"


def test_hand_worked_numbers_are_valid() -> None:
    assert idnumber.validate(BEIJING_1949) == BEIJING_1949
    assert idnumber.validate(DEAN_1970) == DEAN_1970
    assert idnumber.birth_date(BEIJING_1949) == dt.date(1949, 12, 31)
    assert idnumber.sex(BEIJING_1949) == "female"
    assert idnumber.sex(DEAN_1970) == "male"  # sequence 007 is odd
    assert idnumber.birth_place(BEIJING_1949) == {"province": "北京市", "county": "朝阳区"}


def test_area_code_younger_than_the_person_is_accepted_unlike_stdnum() -> None:
    """The number carries the code in use when it was assigned, not at birth (see the module)."""
    assert not ric.is_valid(DEAN_1970)
    assert idnumber.is_valid(DEAN_1970)


@pytest.mark.parametrize(
    ("written", "compact"),
    [
        ("110105 19491231 002X", BEIJING_1949),
        ("11010519491231002x", BEIJING_1949),
        ("110105-19491231-002X", BEIJING_1949),
        ("\u3000110105\t19491231\n002X ", BEIJING_1949),  # ideographic space, tab, newline
    ],
)
def test_spaces_and_hyphens_are_compacted(written: str, compact: str) -> None:
    assert idnumber.compact(written) == compact
    assert idnumber.validate(written) == compact
    person = NaturalPerson(id="P", birth_date=dt.date(1949, 12, 31), registered_poor=True,
                           id_number=written)
    assert person.id_number == compact


@pytest.mark.parametrize(
    ("number", "code"),
    [
        # the example: 9·7+9·9+0+0+0+0+1·2+9·1+7·6+0+0+1·9+0+1·5+0+1·4+2·2 = 219;
        # 219 mod 11 = 10; "10X98765432"[10] = "2": the checksum is right, area 99 is no province
        ("990000197001010122", ProblemCode.ID_NUMBER_AREA),
        # 1·7+1·9+9·10+9·5+9·8+9·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 385 = 35·11: "1";
        # Beijing has no county 9999
        ("119999194912310021", ProblemCode.ID_NUMBER_AREA),
        ("110105194912310021", ProblemCode.ID_NUMBER_CHECKSUM),  # expected X (above)
        ("11010519491231002", ProblemCode.ID_NUMBER_FORMAT),  # 17 characters
        ("11010519491231002XX", ProblemCode.ID_NUMBER_FORMAT),
        ("1101051949123100AX", ProblemCode.ID_NUMBER_FORMAT),
        ("11010519491231002Y", ProblemCode.ID_NUMBER_FORMAT),
        ("¹1010519491231002X", ProblemCode.ID_NUMBER_FORMAT),  # superscript one
        ("１10105194912310２X", ProblemCode.ID_NUMBER_FORMAT),  # full-width digits
        ("١١0105194912310026", ProblemCode.ID_NUMBER_FORMAT),  # Arabic-Indic digits
        ("", ProblemCode.ID_NUMBER_FORMAT),
    ],
)
def test_bad_numbers_are_coded(number: str, code: ProblemCode) -> None:
    with pytest.raises(InvalidInputError) as err:
        idnumber.validate(number)
    assert err.value.codes == (code,)
    assert err.value.field == "id_number"
    assert not idnumber.is_valid(number)


def test_no_real_birth_date() -> None:
    """110105 19490230 002: 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+0·7+2·9+3·10+0·5+0+0+2·2 = 155;
    155 mod 11 = 1; check "0". The checksum is right, 30 February is not a day."""
    with pytest.raises(InvalidInputError) as err:
        idnumber.validate("110105194902300020")
    assert err.value.codes == (ProblemCode.ID_NUMBER_BIRTH_DATE,)


def test_superscript_digit_message_names_the_character() -> None:
    with pytest.raises(InvalidInputError, match=r"U\+00B9"):
        idnumber.validate("¹1010519491231002X")


def test_person_with_a_foreign_id_number_is_invalid_input_not_value_error() -> None:
    """``"¹".isdigit()`` is True and ``int("¹")`` raises ValueError: it must not escape."""
    with pytest.raises(InvalidInputError) as err:
        NaturalPerson(id="P", birth_date=dt.date(1949, 12, 31), registered_poor=True,
                      id_number="11010519491231²02X")
    assert err.value.codes == (ProblemCode.ID_NUMBER_FORMAT,)


def test_person_birth_date_must_match() -> None:
    with pytest.raises(InvalidInputError) as err:
        NaturalPerson(id="P", birth_date=dt.date(1950, 1, 1), registered_poor=True,
                      id_number=BEIJING_1949)
    assert err.value.problems[0].code is ProblemCode.ID_NUMBER_BIRTH_DATE
    assert "1949-12-31" in err.value.problems[0].message_zh


@given(st.dates(dt.date(1900, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 999))
def test_generated_numbers_round_trip_their_parts(born: dt.date, serial: int) -> None:
    number = id_number_for(born, serial=serial)
    assert idnumber.birth_date(number) == born
    assert idnumber.sex(number) == ("male" if serial % 2 else "female")


@given(st.text(max_size=25))
def test_any_text_is_valid_or_invalid_input(text: str) -> None:
    mod = idnumber
    if mod.is_valid(text):
        assert mod.validate(text) == mod.compact(text)
    else:
        with pytest.raises(InvalidInputError) as err:
            mod.validate(text)
        assert err.value.field == "id_number"


@given(junk())
def test_junk_is_invalid_input(value: object) -> None:
    if isinstance(value, str):
        return  # covered by the text property above
    with pytest.raises(InvalidInputError) as err:
        idnumber.validate(value)  # type: ignore[arg-type]
    assert err.value.codes == (ProblemCode.WRONG_TYPE,)
    assert idnumber.is_valid(value) is False


# --- what mutation testing found unpinned (issue 14)


def _problem(number: object, **kwargs: str) -> tuple[str, str, ProblemCode, str]:
    """The one problem ``validate`` reports: (path, message, code, message_zh)."""
    with pytest.raises(InvalidInputError) as err:
        idnumber.validate(number, **kwargs)  # type: ignore[arg-type]
    assert len(err.value.problems) == 1
    p = err.value.problems[0]
    return p.path, p.message, p.code, p.message_zh


def test_wrong_type_message_whole_and_field() -> None:
    with pytest.raises(InvalidInputError) as err:
        idnumber.compact(42)  # type: ignore[arg-type]
    p = err.value.problems[0]
    assert (p.path, p.message, p.code, p.message_zh) == (
        "id_number",
        "must be a str of 18 characters (got 42, an int)",
        ProblemCode.WRONG_TYPE,
        "应为18位字符串（实际为 42（int 类型））",
    )
    # validate passes its field on to compact
    assert _problem(42, field="applicant.id_number")[0] == "applicant.id_number"


def test_foreign_character_message_whole() -> None:
    """中 is no digit and not numeric, but beyond ASCII: the message names it (U+4E2D)."""
    assert _problem("110105 19491231 00中X", field="applicant.id_number") == (
        "applicant.id_number",
        "must be written with the ASCII digits 0-9 (and X); it holds '中' (U+4E2D) "
        "(got '110105 19491231 00中X')",
        ProblemCode.ID_NUMBER_FORMAT,
        "只能使用半角数字0-9和X，不能含 '中'（U+4E2D）（实际为 '110105 19491231 00中X'）",
    )


def test_first_foreign_character_after_an_x_is_named() -> None:
    """X is allowed (only at the end, the second check says): the foreign one is the ¹ after it."""
    assert _problem("1101051949123100X¹")[1] == (
        "must be written with the ASCII digits 0-9 (and X); it holds '¹' (U+00B9) "
        "(got '1101051949123100X¹')"
    )


def test_ascii_boundary_of_the_foreign_character_message() -> None:
    """U+007F (DEL) is ASCII: the plain format message; U+0080 is the first beyond ASCII."""
    assert _problem("11010519491231002\x7f")[1] == (
        "must be 17 digits and a check digit or X, 18 characters in all "
        "(got '11010519491231002\\x7f', 18 characters without spaces)"
    )
    assert _problem("11010519491231002\x80")[1] == (
        "must be written with the ASCII digits 0-9 (and X); it holds '\\x80' (U+0080) "
        "(got '11010519491231002\\x80')"
    )


def test_format_message_whole() -> None:
    assert _problem("110105-19491231-002", field="applicant.id_number") == (
        "applicant.id_number",
        "must be 17 digits and a check digit or X, 18 characters in all "
        "(got '110105-19491231-002', 17 characters without spaces)",
        ProblemCode.ID_NUMBER_FORMAT,
        "应为17位数字加1位校验码（数字或X），共18位（实际为 '110105-19491231-002'）",
    )


def test_all_ten_digits_in_the_first_seventeen() -> None:
    """110105 19870624 003 holds every digit 0-9. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 8·6 + 7·3 + 0·7 + 6·9 + 2·10 + 4·5 + 0·8
    + 0·4 + 3·2 = 221; 221 mod 11 = 1; "10X98765432"[1] = "0". Sequence 003 is odd: a man."""
    number = "110105198706240030"
    assert set(number[:17]) == set("0123456789")
    assert idnumber.validate(number) == number
    assert idnumber.birth_date(number) == dt.date(1987, 6, 24)
    assert idnumber.sex(number) == "male"


def test_checksum_message_whole() -> None:
    """110105 19491231 002: the check character is X (worked out at BEIJING_1949), not 1."""
    assert _problem("110105 19491231 0021", field="applicant.id_number") == (
        "applicant.id_number",
        "has a wrong check character '1', expected 'X' (got '110105 19491231 0021')",
        ProblemCode.ID_NUMBER_CHECKSUM,
        "校验码 '1' 错误，应为 'X'（实际为 '110105 19491231 0021'）",
    )


def test_birth_date_message_whole() -> None:
    """110105 19490230 002 0: check "0" (worked out at test_no_real_birth_date)."""
    assert _problem("110105 19490230 0020", field="applicant.id_number") == (
        "applicant.id_number",
        "holds no real birth date (19490230) (got '110105 19490230 0020')",
        ProblemCode.ID_NUMBER_BIRTH_DATE,
        "其中的出生日期 19490230 不是有效日期（实际为 '110105 19490230 0020'）",
    )


def test_area_message_whole() -> None:
    """990000 19700101 012 2: check "2" (worked out at test_bad_numbers_are_coded)."""
    assert _problem("990000 19700101 0122", field="applicant.id_number") == (
        "applicant.id_number",
        "has the address code '990000', which is no GB/T 2260 administrative-division code "
        "(got '990000 19700101 0122')",
        ProblemCode.ID_NUMBER_AREA,
        "地址码 990000 不是 GB/T 2260 行政区划代码（实际为 '990000 19700101 0122'）",
    )
