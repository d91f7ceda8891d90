"""Typed JSON columns: every JSON column has a pydantic model, checked when a row is written and read.

A value of the wrong shape is refused when the row is flushed (SQLAlchemy wraps the `JsonShapeError` in
a `StatementError`; `counter.store.db` unwraps it) and a stored value of the wrong shape raises
`JsonShapeError` naming the column when the row is read, so a bad row never prints a silently wrong
paper. Values are frozen: a changed value is a new value assigned to the column (SQLAlchemy does not
see changes made inside a JSON value).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError
from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

ModelT = TypeVar("ModelT", bound=BaseModel)


class JsonShapeError(ValueError):
    """A JSON column's value does not have its model's shape; `column` is `table.column`."""

    def __init__(self, column: str, problem: str) -> None:
        self.column = column
        self.problem = problem
        super().__init__(f"{column}: {problem}")


class Shape(BaseModel):
    """Base of the JSON column models: frozen, and no key the model does not name."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class StoredText(Shape):
    """A text kept as a code and its parameters, rendered in the reader's language when shown or printed.

    `legacy` holds a text stored before codes (schema 0004 and older) that could not be mapped back to
    a code; it is shown as it was written.
    """

    code: str = Field(pattern=r"^[a-z][a-z0-9_.]*$", max_length=64)
    params: dict[str, JsonValue] = Field(default_factory=dict)
    legacy: str | None = Field(default=None, max_length=2000)


class Bilingual(Shape):
    """Catalogue wording kept in both languages (data from the catalogue, not a translation)."""

    ko: str
    en: str


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or '(value)'}: {item['msg']}" for item in error.errors()
    )


def checked(model: type[ModelT], column: str, value: Any) -> ModelT:
    """`value` as `model` (validated unless it already is one); JsonShapeError naming `column` if not."""
    if isinstance(value, model):
        return value
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise JsonShapeError(column, _problems(error)) from None


class TypedJson(TypeDecorator[Any]):
    """A JSON column holding one pydantic model: validated on the way in and on the way out."""

    impl = JSON
    cache_ok = True

    def __init__(self, model: type[BaseModel], column: str) -> None:
        super().__init__()
        self.model = model
        self.column = column

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            raise JsonShapeError(self.column, "a value is required")
        return checked(self.model, self.column, value).model_dump(mode="json", exclude_unset=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return checked(self.model, self.column, value)

    def copy_value(self, value: Any) -> Any:
        return value  # frozen models: never changed in place


def typed_json(model: type[BaseModel], column: str) -> Any:
    """A NOT NULL JSON column holding `model` (empty model by default)."""
    from sqlmodel import Field as ColumnField

    return ColumnField(default_factory=model, sa_type=TypedJson(model, column), nullable=False)
