"""The birth bundle wizard (출생신고 + 행복출산 원스톱)."""

from screens.birth.wizard import BirthWizard

__all__ = ["BirthWizard"]
