"""Shared wizard parts for the bundle screens: the step-by-step screen, its fields, a yes/no question
and the screen shown once a bundle is filed."""

from screens.wizard.base import WizardScreen, WizardStep
from screens.wizard.confirm import ConfirmScreen
from screens.wizard.fields import (
           ChoiceField,
           FlagField,
           StepButton,
           StepTitle,
           TextField,
           WizardField,
)
from screens.wizard.filed import FiledScreen

__all__ = ["ChoiceField", "ConfirmScreen", "FiledScreen", "FlagField", "StepButton", "StepTitle", "TextField",
           "WizardField", "WizardScreen", "WizardStep"]
