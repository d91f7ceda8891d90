"""This counter's device code: from the settings, else generated once and kept in the data dir."""

from __future__ import annotations

import re
import secrets

from counter.base import locations
from counter.base.config import Settings
from counter.base.errors import ConfigError
from counter.base.i18n import _

DEVICE_RE = re.compile(r"^[0-9A-Z]{2,6}$")
DEVICE_FILE = "device-id"
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at the counter


def device_code(settings: Settings) -> str:
    """The device code used in receipt numbers and audit events."""
    if settings.device:
        code = settings.device.upper()
        if not DEVICE_RE.match(code):
            raise ConfigError(_("The device code must be 2 to 6 letters or digits: {code}").format(code=code))
        return code
    path = locations.data_dir() / DEVICE_FILE
    if path.exists():
        code = path.read_text(encoding="ascii").strip().upper()
        if DEVICE_RE.match(code):
            return code
    code = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code + "\n", encoding="ascii")
    return code
