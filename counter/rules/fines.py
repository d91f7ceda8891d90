"""Late-report fine (과태료) for family-registration reports.

가족관계의 등록 등에 관한 법률 제122조: a person who does not report within the period is fined up to
50,000 won; 시행령 과태료 부과기준 scales the amount by how late the report is. 제121조: after a formal
demand (최고) the fine is up to 100,000 won, so the tier amount is doubled and capped at 100,000 won.

"One month late" is counted in calendar months from the deadline (민법 제160조), so the fine takes the
deadline and the filing date, not a day count: filed on or after the day one month after the deadline
is "1 month or more". Births (제44조) and deaths (제84조) both use this one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter.base.i18n import N_, _
from counter.rules.calendar import add_months, days_late

DEMAND_CAP_WON = 100_000  # 제121조


# (code, months late at least, days late at least, amount, words); checked from the heaviest tier down.
_TIERS: tuple[tuple[str, int, int, int, str], ...] = (
    ("6m_or_more", 6, 0, 50_000, N_("6 months or more late")),
    ("3m_to_6m", 3, 0, 40_000, N_("3 to under 6 months late")),
    ("1m_to_3m", 1, 0, 30_000, N_("1 to under 3 months late")),
    ("7d_to_1m", 0, 7, 20_000, N_("7 days to under 1 month late")),
    ("under_7d", 0, 1, 10_000, N_("under 7 days late")),
)
TIER_WORDS = {code: words for code, _months, _days, _amount, words in _TIERS}
NO_FINE = "none"


def fine_text(tier: str, amount_won: int, after_demand: bool) -> str:
    """The tier in words with the amount, in the current language (KeyError for an unknown tier)."""
    if tier == NO_FINE:
        return _("Filed within the deadline: no fine")
    words = _(TIER_WORDS[tier])
    if after_demand:
        return _("{tier}, after a formal demand: {amount} won").format(tier=words, amount=f"{amount_won:,}")
    return _("{tier}: {amount} won").format(tier=words, amount=f"{amount_won:,}")


@dataclass(frozen=True)
class Fine:
    """The fine for one late report: amount in won, days late, and the tier (`none` when in time)."""

    amount_won: int
    days_late: int
    tier: str = NO_FINE
    after_demand: bool = False

    @property
    def tier_reason(self) -> str:
        """The tier in words, in the current language."""
        return fine_text(self.tier, self.amount_won, self.after_demand)


def months_late(deadline: date, filed_on: date) -> int:
    """Whole calendar months from `deadline` to `filed_on` (0 when not late or late by under a month)."""
    months = 0
    while filed_on >= add_months(deadline, months + 1):
        months += 1
    return months


def late_report_fine(deadline: date, filed_on: date, *, after_demand: bool = False) -> Fine:
    """Fine for a report due by the end of `deadline` and filed on `filed_on` (가족관계등록법 제122조).

    With `after_demand` (the reporter ignored a formal demand, 제121조) the amount is doubled, capped
    at 100,000 won.
    """
    late = days_late(deadline, filed_on)
    if late == 0:
        return Fine(0, 0)
    months = months_late(deadline, filed_on)
    tier, amount = next(
        (code, amount)
        for code, min_months, min_days, amount, _words in _TIERS
        if months >= min_months and late >= min_days
    )
    if after_demand:
        amount = min(amount * 2, DEMAND_CAP_WON)
    return Fine(amount, late, tier, after_demand)
