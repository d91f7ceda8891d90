"""Wizard drafts kept while a clerk works: the content sealed, who and where in clear."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from models.base import UtcDateTime, created_at


class WizardDraft(SQLModel, table=True):
    """One unfiled wizard draft: the serialized draft (personal data) is AES-GCM sealed in `payload_cipher`.

    The id is the draft's idempotency key, so a resumed draft files under the key it always had.
    """

    __tablename__ = "wizard_draft"

    id: uuid.UUID = Field(primary_key=True)
    clerk_id: uuid.UUID = Field(foreign_key="clerk.id", index=True)
    office_code: str = Field(max_length=16)
    device: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    step_index: int = Field(default=0)
    payload_cipher: str = Field(sa_type=Text)
    created_at: datetime = created_at()
    updated_at: datetime = Field(sa_type=UtcDateTime, nullable=False, index=True)
