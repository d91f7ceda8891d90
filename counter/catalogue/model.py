"""The service catalogue as typed, immutable objects (built by `loader`, read by everyone else)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from counter.base.errors import CounterError, NotFoundError
from counter.base.i18n import _, current_language
from counter.catalogue.rules import Node
from models import StoredText

CHANNELS = ("sms", "post", "in_person", "web")
PERIODS = ("once", "month", "year")


class CatalogueError(CounterError):
    """A catalogue file that cannot be used: names the file, the line (when known) and the problem."""

    def __init__(
        self, path: Path | str, problem: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        self.problem = problem
        where = str(self.path) if line is None else _("{path}, line {line}").format(path=self.path, line=line)
        if key:
            where = _("{where} ({key})").format(where=where, key=key)
        super().__init__(
            _("Service catalogue {where}: {problem}").format(where=where, problem=problem), field=key
        )


@dataclass(frozen=True)
class Bilingual:
    """A text in Korean and English; `text` follows the current language."""

    ko: str
    en: str

    @property
    def text(self) -> str:
        return self.ko if current_language() == "ko" else self.en


@dataclass(frozen=True)
class Eligibility:
    """Who may have the service: a rule, and optional words for the eligible / ineligible cases."""

    source: str
    rule: Node
    reason: Bilingual | None = None
    """Why an eligible household gets it, when no amount case gives a label."""
    otherwise: Bilingual | None = None
    """Added to the automatic explanation when the household is not eligible."""


@dataclass(frozen=True)
class AmountCase:
    """One row of an amount table; the first row whose rule holds gives the amount."""

    source: str
    rule: Node
    won: int | None = None
    period: str = "once"
    label: Bilingual | None = None
    """Names the case in the reason, e.g. "3rd child" / "셋째 아이"."""
    text: Bilingual | None = None
    """Words for a benefit that is not a sum of money (a discount), or that qualify the sum."""


@dataclass(frozen=True)
class Service:
    """One linked benefit of the birth bundle, filed as one request to its agency."""

    code: str
    names: Bilingual
    agency_code: str
    agency_names: Bilingual
    eligibility: Eligibility
    amounts: tuple[AmountCase, ...]
    documents: tuple[Bilingual, ...]
    result_delivery: Bilingual
    level: str = "national"
    apply_within_days: int | None = None
    """Application deadline in days counting the day of birth (출생일 포함)."""
    apply_within_months: int | None = None
    """Application deadline in calendar months from the birth (민법 제160조)."""
    retroactive_days: int | None = None
    """Applying within this many days (counting the birth day) pays from the birth month."""
    usable_months: int | None = None
    """For a voucher: months from the birth during which it can be used."""
    remind_citizen: bool = False
    """A family that declined the service at filing gets a text message as its `retroactive_days` mark nears
    (`counter reminders`); only a service with `retroactive_days` can have it."""
    note: Bilingual | None = None

    @property
    def name(self) -> str:
        return self.names.text

    @property
    def agency_name(self) -> str:
        return self.agency_names.text

    @property
    def document_texts(self) -> list[str]:
        return [document.text for document in self.documents]


@dataclass(frozen=True)
class InquiryItem:
    """One asset-inquiry item of the death bundle (안심상속), answered by one agency."""

    code: str
    names: Bilingual
    agency_code: str
    agency_names: Bilingual
    local_department: bool
    """Handled by a department of the local government (goes to the local worklist)."""
    channels: tuple[str, ...]
    default_channel: str
    processing_days: int
    since: date
    note: Bilingual | None = None

    @property
    def name(self) -> str:
        return self.names.text

    @property
    def agency_name(self) -> str:
        return self.agency_names.text


@dataclass(frozen=True)
class Catalogue:
    """One catalogue set, with the office override applied."""

    set_name: str
    services: tuple[Service, ...]
    inquiry_items: tuple[InquiryItem, ...]
    sources: tuple[Path, ...] = ()
    warnings: tuple[StoredText, ...] = field(default=())
    """What the override asks that this set cannot do (codes, `counter.catalogue.wording`)."""
    remind_inquiry: bool = False
    """A family that reported a death without the 안심상속 inquiry gets a text message as the inquiry's
    deadline nears (`[inquiry] remind_citizen`; `counter reminders`)."""

    def service(self, code: str) -> Service:
        """The service with `code`; NotFoundError if the catalogue has none."""
        for service in self.services:
            if service.code == code:
                return service
        raise NotFoundError(_("The catalogue has no service '{code}'.").format(code=code), field="service")

    def inquiry_item(self, code: str) -> InquiryItem:
        """The inquiry item with `code`; NotFoundError if the catalogue has none."""
        for item in self.inquiry_items:
            if item.code == code:
                return item
        raise NotFoundError(
            _("The catalogue has no inquiry item '{code}'.").format(code=code), field="inquiry_item"
        )
