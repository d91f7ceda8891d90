"""The death bundle wizard (사망신고 + 안심상속 원스톱)."""

from screens.death.wizard import DeathWizard

__all__ = ["DeathWizard"]
