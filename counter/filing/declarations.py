"""Declarations: what a clerk (wizard) or a script (`counter file ... --json`) submits for filing.

Pydantic models give the JSON Schema (`counter schema birth`) and type errors; the domain rules
(`counter.rules`) then check the meaning. Every problem is a `FieldProblem` naming the field by its
path in the declaration (`child.birth_date`, `household.siblings[1].birth_date`), so the CLI can
list them all and the wizard can put each beside its input. The base model, the error type and the
helpers here are shared by every bundle kind; the models of each are in `birth_declaration.py` and
`death_declaration.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.text import check_identifier, escape_terminal

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class FieldProblem:
    """One rejected value: the field's path in the declaration and a translated message."""

    field: str
    message: str
    code: str | None = None

    def as_json(self) -> dict[str, str]:
        """`{"field": ..., "message": ...}` (and `code` when set)."""
        data = {"field": self.field, "message": self.message}
        if self.code:
            data["code"] = self.code
        return data


class DeclarationError(ValidationError):
    """A declaration with one or more problems; `problems` lists every one, in declaration order."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else FieldProblem("", _("The declaration is not valid."))
        super().__init__(first.message, field=first.field or None, code=first.code)

    def as_json(self) -> dict[str, Any]:
        """`{"errors": [{"field": ..., "message": ...}, ...]}`."""
        return {"errors": [problem.as_json() for problem in self.problems]}


class ProblemList:
    """Collects problems while checking a declaration, so all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str, code: str | None = None) -> None:
        """Record a problem."""
        self.items.append(FieldProblem(field, message, code))

    def attempt(self, check: Callable[[], T]) -> T | None:
        """`check()`'s value, or None after recording the ValidationError it raised."""
        try:
            return check()
        except DeclarationError as error:
            self.items.extend(error.problems)
        except ValidationError as error:
            self.items.append(FieldProblem(error.field or "", error.message, error.code))
        return None

    def raise_if_any(self) -> None:
        """DeclarationError with every problem, if there is one."""
        if self.items:
            raise DeclarationError(self.items)


def field_path(location: Sequence[str | int], prefix: str = "") -> str:
    """`("household", "siblings", 0, "name")` -> `household.siblings[0].name`."""
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:  # an unknown key is named as given: its hidden characters shown as \u escapes
            name = escape_terminal(str(part))
            path = f"{path}.{name}" if path else name
    return path


def _pydantic_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "identifier":
        return str(context.get("message", ""))
    if kind == "extra_forbidden":
        return _hidden_in_key(error) or _("Unknown field: remove it or check its spelling.")
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("int"):
        return _("Enter a whole number.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in ("string_type", "str_type"):
        return _("Enter text here.")
    if kind == "string_too_long":
        return _("Too long: at most {max} characters.").format(max=context.get("max_length", "?"))
    if kind == "too_long":
        return _("Too many entries: at most {max}.").format(max=context.get("max_length", "?"))
    if kind in ("literal_error", "enum"):
        return _("Choose one of: {choices}.").format(choices=context.get("expected", ""))
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least {limit}.").format(limit=context.get("ge", context.get("gt", "?")))
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most {limit}.").format(limit=context.get("le", context.get("lt", "?")))
    if kind.startswith("uuid"):
        return _("Enter a UUID such as 123e4567-e89b-12d3-a456-426614174000.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("Enter an object ({...}) here.")
    if kind == "list_type":
        return _("Enter a list ([...]) here.")
    if kind == "json_invalid":
        return _("The input is not valid JSON: {detail}").format(detail=context.get("error", ""))
    return _("Invalid value ({detail}).").format(detail=error.get("msg", kind))


def problems_from_pydantic(error: PydanticValidationError, prefix: str = "") -> list[FieldProblem]:
    """Pydantic's errors as field problems with translated messages."""
    return [FieldProblem(field_path(item["loc"], prefix), _pydantic_message(item), _problem_code(item))
            for item in error.errors()]


def _problem_code(error: Mapping[str, Any]) -> str | None:
    """`hidden_character` for an identifier or a key holding one (the CLI's JSON names it)."""
    if error.get("type") == "identifier":
        return "hidden_character"
    if error.get("type") == "extra_forbidden" and _hidden_in_key(error):
        return "hidden_character"
    return None


def _hidden_in_key(error: Mapping[str, Any]) -> str | None:
    """For an unknown key: the message naming its hidden character, if it holds one."""
    location = error.get("loc") or ("",)
    try:
        check_identifier(str(location[-1]), field="")
    except ValidationError as hidden:
        return hidden.message
    return None


def parse_section(model: type[ModelT], data: Any, prefix: str, problems: ProblemList) -> ModelT | None:
    """Validate one section of a declaration; its problems are recorded under `prefix`."""
    if data is None:
        problems.add(prefix, _("This field is required."))
        return None
    try:
        return model.model_validate(data)
    except PydanticValidationError as error:
        problems.items.extend(problems_from_pydantic(error, prefix))
        return None


def parse_partial(model: type[ModelT], data: Any, prefix: str,
                  problems: ProblemList) -> tuple[ModelT | None, frozenset[str]]:
    """Like `parse_section`, but a section with wrong fields still gives the others: the model and the
    names of its fields that failed (set to None in the returned model, so checks skip them).

    Every problem of a section must show at once: a wrong date must not hide a misspelt name until it
    is fixed. None (and no names) only when `data` is not an object at all.
    """
    if data is None:
        problems.add(prefix, _("This field is required."))
        return None, frozenset()
    try:
        return model.model_validate(data), frozenset()
    except PydanticValidationError as error:
        problems.items.extend(problems_from_pydantic(error, prefix))
        errors = error.errors()
    if not isinstance(data, Mapping) or any(not item["loc"] for item in errors):
        return None, frozenset()
    failed = {str(item["loc"][0]) for item in errors}
    partial = model.model_construct()
    for name in model.model_fields:
        if name in data and name not in failed:
            try:
                model.__pydantic_validator__.validate_assignment(partial, name, data[name])
                continue
            except PydanticValidationError:
                failed.add(name)
        if name in failed or name not in partial.__dict__:
            failed.add(name)
            partial.__dict__[name] = None
    return partial, frozenset(failed)


def _date_text(value: Any) -> Any:
    # Lax pydantic would read a number as a Unix timestamp: a date is written YYYY-MM-DD.
    if isinstance(value, (str, date)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written YYYY-MM-DD")


DateText = Annotated[date, BeforeValidator(_date_text)]
"""A date given as `YYYY-MM-DD` text (or a `date`), never as a number."""


def _identifier(value: str) -> str:
    try:
        return check_identifier(value, field="")
    except ValidationError as error:
        raise PydanticCustomError("identifier", "{message}", {"message": error.message}) from None


Identifier = Annotated[str, AfterValidator(_identifier)]
"""A code, label or number (`check_identifier`): no control, bidi or other hidden character."""


class DeclarationModel(BaseModel):
    """Base of every declaration model: unknown keys are errors, docstrings describe the schema."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, str_max_length=1000)


class ContactDeclaration(DeclarationModel):
    """How the family hears back."""

    phone: str = ""
    """Mobile number for result messages (010-1234-5678)."""
    sms: bool = False
    """The family asked for text messages (the number is then required)."""


def declaration_json_schema(model: type[BaseModel], kind: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a declaration model, named `counter:<kind>-declaration`."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"counter:{kind}-declaration"
    return schema
