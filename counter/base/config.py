"""Settings: environment `COUNTER_*` over a TOML file over defaults.

Every field carries a docstring (a test holds us to it; docs/operations.md lists them). They are not
read at run time (`use_attribute_docstrings` parses this module's source, which costs start-up time).

The TOML file is `config.toml` in the config directory (see `counter.base.locations`), or the path
given with `--config`. Nested values use `__` in the environment
(`COUNTER_PRINTERS='[...]'` as JSON, `COUNTER_KEYMAP__HOME_BIRTH=f2`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

# Counter uses no pydantic plugins; skipping their discovery scans no installed distributions at start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from ipaddress import ip_address
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from counter.base import locations
from counter.base.errors import ConfigError
from counter.base.quick_settings import read_toml

PrinterKind = Literal["escpos-network", "escpos-usb", "escpos-serial", "escpos-file", "cups", "directory"]


class PrinterSettings(BaseModel):
    """One printer at this counter."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    """Name clerks and `counter printers test NAME` use."""
    kind: PrinterKind
    """Transport: ESC/POS over TCP, USB, serial or a device file; CUPS; or a directory of files."""
    address: str = ""
    """`host[:port]` for network, `vendor:product` (hex) for USB, device path for serial/file,
    queue name for CUPS, directory path for `directory`."""
    role: Literal["receipt", "notice", "both"] = "both"
    """Which documents it prints: receipts (thermal), notices (A4), or both."""
    width_dots: int = Field(default=576, ge=128, le=2400)
    """Printable width in dots (576 at 203 dpi for most 80 mm printers, 512 at 180 dpi)."""
    dpi: int = Field(default=203, ge=72, le=600)
    """Printer resolution in dots per inch."""
    timeout_seconds: float = Field(default=2.0, gt=0, le=60)
    """How long to wait for a network printer before reporting it offline."""


BATCH_SECONDS_MAX = 90
"""The longest an HTTP batch may take (in flight `concurrency` at a time, each up to `timeout_seconds`):
within the two-minute claim a worker holds on it (`counter.work.queue.DEFAULT_LEASE`)."""


def is_loopback_host(host: str | None) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


class AgencySettings(BaseModel):
    """How requests reach one agency (or, with code `*`, every agency without its own entry)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=48)
    """The agency code of the catalogue (e.g. `FSS`), or `*` for every agency without its own entry."""
    channel: Literal["http", "dir", "local"]
    """`http`: POST each request as JSON; `dir`: JSON Lines batch files in `directory`; `local`: the
    request stays on this database's worklist for the local department."""
    url: str = ""
    """For `http`: the agency's endpoint. https with certificate checks; plain http only to loopback."""
    directory: Path | None = None
    """For `dir`: where batch files are written (created if missing)."""
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    """How long one exchange may take before it counts as failed (and is retried)."""
    max_attempts: int = Field(default=8, ge=1, le=100)
    """Tries before a request is marked failed for a person to look at."""
    batch_size: int = Field(default=20, ge=1, le=1000)
    """Requests sent together (one file for `dir`); their answers are recorded in one transaction."""
    concurrency: int = Field(default=4, ge=1, le=32)
    """For `http`: requests in flight at once (connections kept open to the agency)."""
    ca_file: Path | None = None
    """For `http`: CA bundle to verify the agency's certificate with (empty: the system's)."""
    client_cert: Path | None = None
    """For `http`: client certificate (PEM) the agency requires, if any."""
    client_key: Path | None = None
    """For `http`: the client certificate's key, if not in `client_cert`."""

    @model_validator(mode="after")
    def _channel_target(self) -> AgencySettings:
        if self.channel == "http":
            parts = urlsplit(self.url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("an http agency needs url = \"https://host/path\"")
            if parts.scheme == "http" and not is_loopback_host(parts.hostname):
                raise ValueError("plain http is allowed only to this machine (127.0.0.1); the payload holds "
                                 "registration numbers: use https")
            rounds = -(-self.batch_size // self.concurrency)
            if rounds * self.timeout_seconds > BATCH_SECONDS_MAX:
                raise ValueError(f"a batch could take {rounds * self.timeout_seconds:g} s, longer than a worker's "
                                 f"claim allows ({BATCH_SECONDS_MAX} s): lower batch_size or timeout_seconds, or "
                                 "raise concurrency")
        if self.channel == "dir" and self.directory is None:
            raise ValueError("a dir agency needs directory = \"/path\"")
        return self


class Settings(BaseSettings):
    """Everything an operator can configure; every field is documented for `docs/operations.md`."""

    model_config = SettingsConfigDict(
        env_prefix="COUNTER_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    lang: Literal["ko", "en"] = "ko"
    """Language of the interface and printed documents: Korean (default) or English."""
    database_url: str | None = None
    """SQLAlchemy URL; empty means the embedded SQLite file in the data directory.
    PostgreSQL: `postgresql+psycopg://user@host:5432/dbname`."""
    device: str | None = None
    """This counter's device code (2-6 letters/digits) used in receipt numbers; empty means the code
    generated once and kept in the data directory."""
    idle_lock_minutes: float = Field(default=5.0, gt=0)
    """Minutes without a key press after which the screen locks behind the clerk's password."""
    lockout_attempts: int = Field(default=5, ge=1)
    """Failed sign-ins in a row that lock an account."""
    lockout_minutes: float = Field(default=30.0, gt=0)
    """Minutes after which a locked account opens again by itself (a supervisor can clear it sooner)."""
    catalogue_set: str = "national"
    """Service catalogue shipped with Counter: `national` (today's bundle) or `seed-district`."""
    catalogue_override: Path | None = None
    """Office catalogue override file; empty means `catalogue.toml` in the config directory."""
    keys_dir: Path | None = None
    """Directory of key files; empty means `keys/` in the data directory."""
    printers: list[PrinterSettings] = Field(default_factory=list)
    """Printers at this counter (see docs/operations.md)."""
    font_path: Path | None = None
    """Korean font file for printed documents; empty means search the system, then the bundled font."""
    verify_base_url: str = "https://counter.invalid/v"
    """Prefix of the URL carried by notice QR codes (the office's status page)."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key remapping: binding id to keys, e.g. `{"home.birth" = "f2"}`."""
    spool_interval_seconds: float = Field(default=5.0, gt=0)
    """How often the print spool looks for pending jobs."""
    draft_max_age_days: float = Field(default=7.0, gt=0)
    """Days after its last change that an unfiled wizard draft is deleted (checked at start-up)."""
    agencies: list[AgencySettings] = Field(default_factory=list)
    """How queued requests reach each agency (`[[agencies]]`; `COUNTER_AGENCIES` as JSON)."""
    dispatch_interval_seconds: float = Field(default=10.0, gt=0)
    """How often `counter dispatch --forever` looks for due requests (and `counter messages send --forever`
    for due messages)."""
    message_gateway: AgencySettings | None = None
    """How text messages reach citizens' phones: an `http` SMS gateway or a `dir` of JSON Lines files
    (`code` is a name for the log); empty: messages wait in the outbox."""
    reminder_allowance_days: int = Field(default=7, ge=0, le=60)
    """`counter reminders` lists an allowance when its 60-day mark (paid from the birth month) is today or
    within this many days."""
    reminder_inquiry_days: int = Field(default=30, ge=0, le=180)
    """`counter reminders` lists a death without the 안심상속 inquiry (or with items not yet delivered) when the
    inquiry's deadline is today or within this many days."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init (the TOML file, passed by load_settings) is weaker than the environment.
        return (env_settings, init_settings)

    def database_url_or_default(self) -> str:
        """The configured database URL, or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{locations.default_database_path()}"

    def agency(self, code: str) -> AgencySettings | None:
        """The entry for agency `code`, else the `*` entry, else None."""
        return next((entry for entry in self.agencies if entry.code == code),
                    next((entry for entry in self.agencies if entry.code == "*"), None))

    def keys_directory(self) -> Path:
        """Where key files live."""
        return self.keys_dir or locations.keys_dir()

    def catalogue_override_path(self) -> Path:
        """The office's catalogue override file (may not exist)."""
        return self.catalogue_override or locations.catalogue_override_file()


def load_settings(config_path: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from `config_path` (or the default file if it exists), the environment and
    `overrides` (command-line options, strongest)."""
    path = config_path or locations.config_file()
    data: dict[str, Any] = {}
    if config_path is not None or path.exists():
        data = read_toml(path)
    try:
        settings = Settings(**data)
        if overrides:
            settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '?'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from exc
    return settings
