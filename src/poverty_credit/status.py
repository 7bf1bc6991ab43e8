"""Target groups: a household's standing in the poverty registers (SPEC D4).

Who may borrow changed over the years: 建档立卡 households (2014–2020), households lifted out of
poverty that stay registered, households moved off the register (动态调出, 2021), the three kinds of
monitored households while monitoring is active (2020/2021 on) and, from 2026, rural people in need
of support. A policy lists the statuses it lends to (:attr:`Policy.eligible_statuses
<poverty_credit.Policy.eligible_statuses>`).

>>> PovertyStatus("lifted_out").label_zh
'已脱贫户'
>>> PovertyStatus.LIFTED_OUT.registered, PovertyStatus.REMOVED.registered
(True, False)
"""

from __future__ import annotations

import enum

__all__ = ["MONITORED_STATUSES", "REGISTERED_STATUSES", "PovertyStatus"]


class PovertyStatus(str, enum.Enum):
    """A household's standing in the poverty registers on the evaluation date."""

    REGISTERED_POOR = "registered_poor"  #: 建档立卡贫困户, not yet lifted out
    LIFTED_OUT = "lifted_out"  #: 已脱贫户 (still 建档立卡)
    REMOVED = "removed"  #: 动态调出户 (moved off the register)
    MONITORED_MARGINAL = "monitored_marginal"  #: 边缘易致贫户
    MONITORED_UNSTABLE = "monitored_unstable"  #: 脱贫不稳定户
    MONITORED_HARDSHIP = "monitored_hardship"  #: 突发严重困难户
    IN_NEED = "in_need"  #: 农村地区有帮扶需求的人口 (2026)
    NONE = "none"  #: none of these

    def __str__(self) -> str:
        return self.value

    @property
    def label_zh(self) -> str:
        """The Chinese name of the status."""
        return _LABELS_ZH[self]

    @property
    def registered(self) -> bool:
        """Whether the household is 建档立卡 (registered poor or lifted out)."""
        return self in REGISTERED_STATUSES

    @property
    def monitored(self) -> bool:
        """Whether the status is one of the three monitored kinds (counted while monitored)."""
        return self in MONITORED_STATUSES


_LABELS_ZH = {
    PovertyStatus.REGISTERED_POOR: "建档立卡贫困户",
    PovertyStatus.LIFTED_OUT: "已脱贫户",
    PovertyStatus.REMOVED: "动态调出户",
    PovertyStatus.MONITORED_MARGINAL: "边缘易致贫户",
    PovertyStatus.MONITORED_UNSTABLE: "脱贫不稳定户",
    PovertyStatus.MONITORED_HARDSHIP: "突发严重困难户",
    PovertyStatus.IN_NEED: "农村地区有帮扶需求的人口",
    PovertyStatus.NONE: "非帮扶对象",
}

#: 建档立卡: the statuses for which ``NaturalPerson.registered_poor`` is true.
REGISTERED_STATUSES = frozenset({PovertyStatus.REGISTERED_POOR, PovertyStatus.LIFTED_OUT})
#: The monitored statuses (防止返贫监测对象), counted only while monitoring is active.
MONITORED_STATUSES = frozenset(
    {
        PovertyStatus.MONITORED_MARGINAL,
        PovertyStatus.MONITORED_UNSTABLE,
        PovertyStatus.MONITORED_HARDSHIP,
    }
)
