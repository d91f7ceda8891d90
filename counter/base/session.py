"""Who is working: the audit actor and the signed-in clerk (plain data, cheap to import)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who did it, where: the signed-in clerk at this office and device (None for system work)."""

    clerk_id: uuid.UUID | None
    clerk_username: str | None
    office_code: str | None
    device: str | None


@dataclass(frozen=True)
class SignedInClerk:
    """The clerk at the counter, with the office and device the work is recorded under."""

    clerk_id: uuid.UUID
    username: str
    display_name: str
    role: str
    office_id: uuid.UUID
    office_code: str
    office_name: str
    device: str

    @property
    def actor(self) -> Actor:
        """The audit actor for this clerk."""
        return Actor(self.clerk_id, self.username, self.office_code, self.device)

    @property
    def is_supervisor(self) -> bool:
        """True for supervisors (who may unlock accounts and add clerks)."""
        return self.role == "supervisor"
