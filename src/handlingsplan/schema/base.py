"""The base of every model: Norwegian keys as aliases, unknown keys are errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,  # `versjon: 1.0` and `sak: 45` are text
        validate_by_alias=True,
        validate_by_name=False,
        frozen=True,
        defer_build=True,
    )


def field(alias: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A model field with its Norwegian key and the description an editor shows."""
    if "default_factory" in kwargs:
        return Field(alias=alias, description=description, **kwargs)
    return Field(default, alias=alias, description=description, **kwargs)


def optional(alias: str, description: str, **kwargs: Any) -> Any:
    return Field(None, alias=alias, description=description, **kwargs)


# Pydantic inspects the signature of every default factory when it builds a model; for the
# builtins `list` and `dict` that means parsing their text signature: a third of the build.
def _empty_list() -> list:
    return []


def _empty_dict() -> dict:
    return {}


def listed(alias: str, description: str, **kwargs: Any) -> Any:
    return Field(default_factory=_empty_list, alias=alias, description=description, **kwargs)


def mapped(alias: str, description: str, **kwargs: Any) -> Any:
    return Field(default_factory=_empty_dict, alias=alias, description=description, **kwargs)
