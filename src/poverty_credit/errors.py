"""The error hierarchy.

One root, :class:`PovertyCreditError`; each subclass also subclasses the built-in it means, so
``except ValueError`` keeps working in code that does not know this library.

A rule's *outcome* is never an exception: it is a :class:`~poverty_credit.Decision`. Exceptions are
for bad input (:class:`InvalidInputError`), missing reference data (:class:`CalendarDataMissing`,
:class:`RateNotFound`) and callers who asked for one (:class:`RuleViolation`).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from poverty_credit.decision import Decision

__all__ = [
    "CalendarDataMissing",
    "InvalidInputError",
    "PovertyCreditError",
    "Problem",
    "ProblemCode",
    "RateNotFound",
    "RuleViolation",
]


class PovertyCreditError(Exception):
    """Root of every error this library raises on purpose."""


class ProblemCode(str, enum.Enum):
    """The stable code of a :class:`Problem`: what kind of thing is wrong with an input.

    Codes never change once released (store them, not the messages). Each member carries an
    English (``.en``) and a Chinese (``.zh``) description; the table in
    ``docs/problem-codes.md`` lists them all.
    """

    def __new__(cls, value: str, en: str = "", zh: str = "") -> ProblemCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.en = en
        member.zh = zh
        return member

    en: str
    zh: str

    # the shape of a record
    WRONG_TYPE = "WRONG_TYPE", "a value of the wrong type", "类型错误"
    REQUIRED = "REQUIRED", "a required field is missing", "缺少必填字段"
    UNKNOWN_FIELD = "UNKNOWN_FIELD", "a key that is not a field of the record", "不是该记录的字段"
    BLANK = "BLANK", "an empty or blank text", "不能为空"
    NOT_A_MEMBER = "NOT_A_MEMBER", "not one of the allowed values", "不是允许的取值之一"
    AMBIGUOUS_RECORD = (
        "AMBIGUOUS_RECORD",
        "the kind of a record cannot be told (a borrower with both or neither of its keys)",
        "无法判断记录的类别",
    )
    INVALID_JSON = "INVALID_JSON", "text that is not JSON", "不是有效的 JSON"
    # dates
    NOT_A_DATE = (
        "NOT_A_DATE",
        "not a real date written YYYY-MM-DD",
        "不是 YYYY-MM-DD 格式的有效日期",
    )
    DATETIME_NOT_DATE = (
        "DATETIME_NOT_DATE",
        "a datetime where a date is meant",
        "应为日期，不能是带时间的日期时间",
    )
    DATE_ORDER = "DATE_ORDER", "dates in the wrong order", "日期先后顺序有误"
    DATE_OUT_OF_RANGE = (
        "DATE_OUT_OF_RANGE",
        "a date or a period ending beyond what the calendar holds (after 9999-12-31)",
        "日期或期限超出可表示的范围（晚于9999年12月31日）",
    )
    # numbers and money
    NOT_A_NUMBER = "NOT_A_NUMBER", "text that is not a number", "不是数字"
    NOT_FINITE = "NOT_FINITE", "NaN or an infinity", "不是有限数值"
    NEGATIVE = "NEGATIVE", "a negative amount", "不能为负数"
    NOT_POSITIVE = "NOT_POSITIVE", "zero where an amount above zero is needed", "必须大于零"
    TOO_LARGE = "TOO_LARGE", "an amount of 10^15 yuan or more", "金额过大（须小于10^15元）"
    TOO_MANY_DECIMALS = (
        "TOO_MANY_DECIMALS",
        "more than two decimals (fractions of a fen)",
        "最多两位小数（精确到分）",
    )
    OUT_OF_RANGE = "OUT_OF_RANGE", "a number outside its allowed range", "超出允许范围"
    AMOUNT_INCONSISTENT = (
        "AMOUNT_INCONSISTENT",
        "amounts that contradict each other (a repayment above what is outstanding, no loss)",
        "金额前后矛盾",
    )
    # identity numbers
    ID_NUMBER_FORMAT = (
        "ID_NUMBER_FORMAT",
        "a resident ID that is not 17 ASCII digits and a check digit or X",
        "身份证号码格式有误（应为17位数字加1位校验码）",
    )
    ID_NUMBER_CHECKSUM = (
        "ID_NUMBER_CHECKSUM",
        "a resident ID with a wrong check character (ISO 7064 MOD 11-2)",
        "身份证号码校验码错误",
    )
    ID_NUMBER_BIRTH_DATE = (
        "ID_NUMBER_BIRTH_DATE",
        "a resident ID holding no real birth date, or one that differs from birth_date",
        "身份证号码中的出生日期无效或与出生日期不符",
    )
    ID_NUMBER_AREA = (
        "ID_NUMBER_AREA",
        "a resident ID whose area code is not a GB/T 2260 code in use in the birth year",
        "身份证号码的地址码不是出生当年有效的行政区划代码",
    )
    CREDIT_CODE_FORMAT = (
        "CREDIT_CODE_FORMAT",
        "a unified social credit code that is not 18 characters of its alphabet",
        "统一社会信用代码格式有误",
    )
    CREDIT_CODE_CHECKSUM = (
        "CREDIT_CODE_CHECKSUM",
        "a unified social credit code with a wrong check character (GB 32100-2015)",
        "统一社会信用代码校验码错误",
    )
    CREDIT_CODE_AREA = (
        "CREDIT_CODE_AREA",
        "a unified social credit code whose registration area is no province of China",
        "统一社会信用代码的登记管理机关行政区划码无效",
    )
    # what only the policy knows (validate)
    UNKNOWN_LENDER = (
        "UNKNOWN_LENDER",
        "a lender that the policy allocates no fund to",
        "贷款机构不在政策的风险补偿金分配名单中",
    )
    PARAMETER_UNSET = (
        "PARAMETER_UNSET",
        "a parameter the rules need that the policy's document does not set",
        "政策文件未规定规则所需的参数",
    )
    RATE_NOT_FOUND = (
        "RATE_NOT_FOUND",
        "a date before the first entry of a rate table",
        "该日期没有可用的基准利率",
    )
    CALENDAR_DATA_MISSING = (
        "CALENDAR_DATA_MISSING",
        "a date for which the official working-day calendar holds no schedule",
        "该日期所在年份没有官方工作日安排数据",
    )
    INVALID_VALUE = "INVALID_VALUE", "any other invalid value", "取值无效"

    def __str__(self) -> str:
        return str(self.value)


def _problem_code(value: object) -> ProblemCode:
    return value if isinstance(value, ProblemCode) else ProblemCode(str(value))


@attrs.frozen
class Problem:
    """One thing wrong with an input: where (``path``, a dotted field path), what kind (a stable
    :class:`ProblemCode`), and what exactly, in English and Chinese.

    ``field`` is the same path under its older name. Without a Chinese message the code's Chinese
    description stands in, followed by the English detail. :func:`~poverty_credit.to_dict` gives
    ``{"path", "message", "code", "message_zh"}``, e.g. for an HTTP 422 response.

    >>> p = Problem("loan.principal", "must be greater than zero (got '0', a str)",
    ...             ProblemCode.NOT_POSITIVE, "必须大于零（实际为 '0'）")
    >>> p.path, p.field, p.code.value, p.message_zh
    ('loan.principal', 'loan.principal', 'NOT_POSITIVE', "必须大于零（实际为 '0'）")
    >>> Problem("id", "must be a non-empty str (got '', a str)").message_zh
    "取值无效：must be a non-empty str (got '', a str)"
    """

    path: str
    message: str
    code: ProblemCode = attrs.field(default=ProblemCode.INVALID_VALUE, converter=_problem_code)
    message_zh: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.message_zh:
            object.__setattr__(self, "message_zh", f"{self.code.zh}：{self.message}")

    @property
    def field(self) -> str:
        """The dotted field path (``"loan.repayments[1].on"``); ``""`` for the whole input."""
        return self.path

    def prefixed(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put in front of its field path."""
        if not prefix:
            return self
        path = (
            f"{prefix}.{self.path}"
            if self.path and not self.path.startswith("[")
            else (f"{prefix}{self.path}")
        )
        return attrs.evolve(self, path=path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidInputError(PovertyCreditError, ValueError):
    """Input that no rule can judge: a wrong type, an impossible value, an inconsistent record.

    Every problem of one input is collected into one error. ``.problems`` lists them, each with
    its dotted field path (``"loan.repayments[1].on"``), a stable :class:`ProblemCode` and
    messages in English and Chinese; ``.field`` is the first path, ``.codes`` every code.

    >>> err = InvalidInputError.single("principal", "must be > 0 (got Decimal('0'))")
    >>> str(err)
    "principal: must be > 0 (got Decimal('0'))"
    >>> err.field
    'principal'
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | str) -> None:
        if isinstance(problems, str):
            problems = (Problem("", problems),)
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        field: str,
        message: str,
        code: ProblemCode = ProblemCode.INVALID_VALUE,
        message_zh: str = "",
    ) -> InvalidInputError:
        """One problem at one field."""
        return cls((Problem(field, message, code, message_zh),))

    @property
    def field(self) -> str | None:
        """The field path of the first problem (``None`` when it concerns the whole input)."""
        return self.problems[0].field if self.problems and self.problems[0].field else None

    @property
    def codes(self) -> tuple[ProblemCode, ...]:
        """The code of every problem, in order."""
        return tuple(p.code for p in self.problems)

    def prefixed(self, prefix: str) -> InvalidInputError:
        """The same problems, with ``prefix`` put in front of every field path."""
        return InvalidInputError([p.prefixed(prefix) for p in self.problems])

    def to_dicts(self) -> list[dict[str, str]]:
        """Every problem as a JSON-ready dict ``{"path", "message", "code", "message_zh"}`` (what
        :func:`~poverty_credit.to_dict` gives for a :class:`Problem`), e.g. for an HTTP 422 body.

        >>> InvalidInputError.single("on", "must be a date", ProblemCode.WRONG_TYPE).to_dicts()
        [{'path': 'on', 'message': 'must be a date', 'code': 'WRONG_TYPE', \
'message_zh': '类型错误：must be a date'}]
        """
        return [
            {"path": p.path, "message": p.message, "code": p.code.value, "message_zh": p.message_zh}
            for p in self.problems
        ]


class CalendarDataMissing(PovertyCreditError, LookupError):
    """The working-day calendar holds no official schedule for the date asked about.

    Raised instead of guessing from weekends alone: a year without the State Council's schedule
    lacks its holidays and adjusted working weekends (调休).
    """


class RateNotFound(PovertyCreditError, LookupError):
    """No rate table entry is in force on the date (or for the tier) asked about."""


class RuleViolation(PovertyCreditError):
    """Raised by :meth:`Decision.raise_if_denied`; ``.decision`` holds the full explanation."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        codes = ", ".join(r.code.value for r in decision.reasons)
        super().__init__(f"denied: {codes}")
