"""The Chinese (and other) names that ship with the models: column headers, enum labels, lenders.

A county clerk's export names its columns in Chinese (姓名, 身份证号, 出生日期, 是否建档立卡) and
spells enum values as the forms do (借款人死亡, 身份证). This module holds, keyed by model class and
field name, every header the readers accept for a field besides its own name, the extra spellings
of enum members (each member's own ``value``, name and labels are always accepted), the display
names of the lenders, and the headings of the reports in both languages. It is data: the readers
(:mod:`poverty_credit.readers`) and the reports (:mod:`poverty_credit.reports`) read it, nothing
here decides anything.

>>> FIELD_LABELS[NaturalPerson]["birth_date"]
('出生日期', '出生年月日')
>>> lender_name("credit_union", "zh"), lender_name("county_bank", "zh")
('县信用联社', 'county_bank')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from poverty_credit.fund import FundEvent, FundEventKind
from poverty_credit.loss_sharing import LossShare
from poverty_credit.models import (
    Application,
    CompensationClaim,
    Document,
    DrivingAgreement,
    EntityKind,
    LegalEntity,
    Loan,
    LossCause,
    NaturalPerson,
    Repayment,
    Review,
    Stamp,
)
from poverty_credit.status import PovertyStatus

__all__ = [
    "ENUM_ALIASES",
    "EVENT_KINDS_ZH",
    "FIELD_LABELS",
    "GENERIC_LABELS",
    "HEADINGS",
    "IGNORED_HEADERS",
    "LENDER_NAMES",
    "PERCENT_FIELDS",
    "heading",
    "lender_name",
]

#: Headers accepted for each field besides the field's own name (first: the one reports use).
FIELD_LABELS: Mapping[type, Mapping[str, tuple[str, ...]]] = {
    NaturalPerson: {
        "id": ("客户编号", "客户号", "人员编号", "编号"),
        "birth_date": ("出生日期", "出生年月日"),
        "registered_poor": ("是否建档立卡", "建档立卡", "是否建档立卡贫困户", "是否贫困户"),
        "five_guarantee": ("是否五保户", "五保户"),
        "has_outstanding_bad_loans": ("是否有存量不良贷款", "存量不良贷款"),
        "has_bad_credit_record": ("是否有不良信用记录", "不良信用记录"),
        "star_rating": ("信用星级", "星级"),
        "household_id": ("户编号", "户号", "家庭编号"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码"),
        # the target-group fields of later policies (used once the model has them)
        "status": ("户类型", "贫困户属性", "人口类型"),
        "monitoring_ended_on": ("监测结束日期", "消除风险日期"),
        "has_major_bad_credit_record": ("是否有重大不良信用记录",),
    },
    LegalEntity: {
        "id": ("主体编号", "客户编号", "编号"),
        "name": ("主体名称", "企业名称", "名称"),
        "kind": ("主体类型", "类型"),
        "agreements": ("带动协议",),
        "credit_code": ("统一社会信用代码", "信用代码"),
    },
    DrivingAgreement: {
        "household": ("带动户",),
        "signed_on": ("协议签订日期", "签订日期"),
        "ends_on": ("协议终止日期", "终止日期"),
    },
    Repayment: {
        "on": ("还款日期",),
        "principal": ("还款本金", "还款金额"),
    },
    Loan: {
        "id": ("贷款编号", "借据号", "借据编号"),
        "borrower": ("借款人",),
        "lender": ("贷款银行", "贷款机构", "放款机构"),
        "principal": ("贷款金额", "贷款本金"),
        "start_date": ("放款日期", "贷款日期", "发放日期"),
        "maturity_date": ("到期日期", "贷款到期日"),
        "annual_rate": ("年利率", "贷款年利率", "执行年利率"),
        "guarantee_required": ("是否需要担保",),
        "collateral_required": ("是否需要抵押",),
        "repayments": ("还款记录",),
        "extended_to": ("展期到期日期", "展期至"),
        "insurer_share": ("保险分担比例",),
    },
    Application: {
        "loan": ("贷款",),
        "reviews": ("已审核部门", "审核"),
        "stamps": ("已盖章", "盖章"),
        "leading_group_approved": ("领导小组是否审批",),
        "filed_on": ("备案日期",),
    },
    CompensationClaim: {
        "loan": ("贷款",),
        "due_date": ("应还日期", "逾期贷款到期日"),
        "unpaid_principal": ("未还本金",),
        "unpaid_interest": ("未还利息",),
        "notice_start": ("公示开始日期",),
        "notice_end": ("公示结束日期",),
        "cause": ("损失原因", "代偿原因"),
        "objections": ("异议数",),
        "town_station_signed": ("乡镇扶贫工作站是否签字",),
        "approved": ("领导小组是否批准",),
        "loss_determined": ("是否认定损失",),
        "collected_in_period": ("是否在追偿期内催收",),
        "recourse_performed": ("是否履行追偿",),
        "major_event_acted": ("重大事项是否及时处置",),
        "major_event_reported": ("重大事项是否报告",),
        "lent_as_required": ("是否按要求放贷",),
    },
    FundEvent: {
        "on": ("日期", "发生日期"),
        "kind": ("业务类型", "类型"),
        "lender": ("合作银行", "贷款银行"),
        "amount": ("金额", "发生额"),
        "article": ("依据条款",),
        "reference": ("关联编号", "贷款编号"),
        "county": ("县财政金额",),
        "recovered": ("追回总额",),
        "period_start": ("计息起始日期",),
        "share": ("损失分担",),
        "article_zh": ("条款",),
        "policy_id": ("政策编号", "政策文件"),
    },
    LossShare: {
        "fund": ("风险补偿金承担",),
        "lender": ("贷款银行承担",),
        "insurer": ("保险承担",),
    },
}

#: Columns a clerk's export carries that no model field holds: read and ignored (a name is not an
#: identity; the ID number is). Any other unknown column is refused.
IGNORED_HEADERS: frozenset[str] = frozenset({
    "姓名", "序号", "备注", "联系电话", "电话", "性别", "住址", "家庭住址", "村", "村组", "乡镇",
    "name_zh", "remarks", "note", "notes",
})

#: Fields whose text may be a percentage (``4.35%`` is the fraction 0.0435).
PERCENT_FIELDS: frozenset[tuple[type, str]] = frozenset({
    (Loan, "annual_rate"), (Loan, "insurer_share"),
})

#: Spellings of enum members beyond their value, name and own labels.
ENUM_ALIASES: Mapping[enum.Enum, tuple[str, ...]] = {
    LossCause.DEATH: ("死亡",),
    LossCause.LOSS_OF_WORKING_CAPACITY: ("借款人丧失劳动能力",),
    LossCause.NATURAL_DISASTER: ("自然灾害",),
    EntityKind.COOPERATIVE: ("合作社", "农民专业合作社"),
    EntityKind.LEADING_ENTERPRISE: ("龙头企业",),
    Review.POVERTY_OFFICE: ("扶农办", "县扶农办"),
    Review.PBOC_BRANCH: ("人行", "县人行"),
    Stamp.TOWN: ("乡镇",),
    Document.ID_CARD: ("身份证复印件",),
    FundEventKind.ALLOCATION: ("拨付", "初始拨付"),
    FundEventKind.CONTRIBUTION: ("注入", "补充资金"),
    FundEventKind.INTEREST: ("利息", "存款利息"),
    FundEventKind.PAYOUT: ("代偿", "补偿"),
    FundEventKind.RECOVERY: ("追偿", "追偿收回"),
    FundEventKind.CLAWBACK: ("追回", "追缴"),
    PovertyStatus.REGISTERED_POOR: ("建档立卡贫困户", "贫困户", "未脱贫户"),
    PovertyStatus.LIFTED_OUT: ("已脱贫户", "脱贫户"),
    PovertyStatus.REMOVED: ("动态调出户", "调出户"),
    PovertyStatus.MONITORED_MARGINAL: ("边缘易致贫户",),
    PovertyStatus.MONITORED_UNSTABLE: ("脱贫不稳定户",),
    PovertyStatus.MONITORED_HARDSHIP: ("突发严重困难户",),
    PovertyStatus.IN_NEED: ("农村地区有帮扶需求的人口", "有帮扶需求的人口"),
    PovertyStatus.NONE: ("一般户", "非贫困户"),
}

#: The fund's event kinds as a ledger names them in Chinese.
EVENT_KINDS_ZH: Mapping[FundEventKind, str] = {
    FundEventKind.ALLOCATION: "拨付",
    FundEventKind.CONTRIBUTION: "注入资金",
    FundEventKind.INTEREST: "存款利息",
    FundEventKind.PAYOUT: "代偿",
    FundEventKind.RECOVERY: "追偿收回",
    FundEventKind.CLAWBACK: "追回违规资金",
}

#: The lenders' display names by policy key: (Chinese, English). Keys not listed show as the key.
LENDER_NAMES: Mapping[str, tuple[str, str]] = {
    "credit_union": ("县信用联社", "county rural credit union"),
    "postal_savings": ("县邮政储蓄银行", "county Postal Savings Bank"),
}


def lender_name(key: str, lang: str = "en") -> str:
    """The lender's name as the policy calls it, in ``"zh"`` or ``"en"`` (else the key)."""
    names = LENDER_NAMES.get(key)
    if names is None:
        return key
    return names[0] if lang == "zh" else names[1]


#: Report headings: key → (English, Chinese).
HEADINGS: Mapping[str, tuple[str, str]] = {
    "id": ("id", "编号"),
    "loan_id": ("loan", "贷款编号"),
    "borrower": ("borrower", "借款人"),
    "lender": ("lender", "贷款银行"),
    "principal": ("principal", "贷款金额"),
    "days": ("days", "贴息天数"),
    "principal_days": ("principal-days", "积数"),
    "rate": ("rate", "贴息率"),
    "amount": ("amount", "贴息金额"),
    "reason": ("reason", "原因"),
    "reasons": ("reasons", "原因"),
    "messages": ("messages", "说明"),
    "eligible": ("eligible", "是否符合条件"),
    "compliant": ("compliant", "是否符合条件"),
    "subsidised": ("subsidised", "是否贴息"),
    "accepted": ("accepted", "是否受理"),
    "loss": ("loss", "损失"),
    "fund": ("fund", "风险补偿金"),
    "insurer": ("insurer", "保险"),
    "item": ("item", "项目"),
    "total": ("total", "合计"),
    "code": ("code", "代码"),
    "article": ("article", "条款"),
    "passed": ("passed", "是否通过"),
    "message": ("message", "说明"),
    "eligible_households": ("eligible households", "符合条件户数"),
    "eligible_with_loan": ("with own loan", "获贷户数"),
    "loan_access_rate": ("loan access rate", "获贷率"),
    "registered_households": ("registered households", "建档立卡户数"),
    "registered_covered": ("covered", "覆盖户数"),
    "coverage_rate": ("coverage rate", "覆盖率"),
    "outstanding": ("outstanding", "贷款余额"),
    "capacity": ("capacity", "放贷规模上限"),
    "opening": ("opening balance", "年初余额"),
    "contributions": ("+ contributions", "+ 注入资金"),
    "interest": ("+ deposit interest", "+ 存款利息"),
    "payouts": ("- payouts", "- 代偿支出"),
    "recoveries": ("+ recoveries", "+ 追偿收回"),
    "clawbacks": ("+ clawbacks", "+ 追回违规资金"),
    "closing": ("closing balance", "年末余额"),
    "county_top_ups": ("county top-ups (beside the fund)", "县财政另行补足"),
    "county_refunds": ("returned to the county", "退还县财政"),
    "money": ("amount", "金额"),
    "fund_share": ("fund", "风险补偿金承担"),
    "lender_share": ("lender", "贷款银行承担"),
    "insurer_share": ("insurer", "保险承担"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
}


def heading(key: str, lang: str = "en") -> str:
    """A report heading in ``"en"`` or ``"zh"`` (the key itself when none is listed).

    >>> heading("amount", "zh"), heading("amount"), heading("other", "zh")
    ('贴息金额', 'amount', 'other')
    """
    pair = HEADINGS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "zh" else pair[0]

#: Labels too generic to stand for a nested field on their own: a loans file's 编号 is the loan's,
#: the borrower's is 借款人编号.
GENERIC_LABELS: frozenset[str] = frozenset({"编号", "类型", "名称", "日期", "金额"})
