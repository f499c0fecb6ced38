"""Pydantic validation errors, mapped back to the file, line and column they came from."""

from __future__ import annotations

import re
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from handlingsplan.diagnostics import Diagnostic
from handlingsplan.loader.yamlfile import SourceFile
from handlingsplan.schema.types import describe_type
from handlingsplan.suggest import suggest


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed in the mapping at `loc` (aliases), following the model's fields through
    lists (`hovedmål[0]`) and dicts of models (`tiltak.IND-01` in oppfolging.yaml)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fld = next((f for f in current.model_fields.values() if f.alias == part), None)
            if fld is None:
                return []
            current = fld.annotation
        else:  # `part` is a list index or a dict key
            current = _element(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias for f in current.model_fields.values() if f.alias]
    return []


def _unwrap(annotation: Any) -> Any:
    """X for X | None."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _element(annotation: Any) -> Any:
    """X for list[X] and dict[K, X]; None otherwise."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _listing(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


def _clean_loc(loc: tuple) -> tuple[tuple, bool]:
    """Drop pydantic's markers; report whether the error is about a mapping key."""
    is_key = "[key]" in loc
    markers = ("lax-or-strict", "json-or-python")
    cleaned = tuple(p for p in loc if p != "[key]" and not (
        isinstance(p, str) and (p.startswith("function-") or p in markers)))
    return cleaned, is_key


_TYPE_NAMES = {
    "string": "en tekst",
    "int": "et helt tall",
    "float": "et tall",
    "list": "en liste",
    "dict": "en tabell (nøkkel: verdi)",
    "model": "en tabell (nøkkel: verdi)",
    "model_attributes": "en tabell (nøkkel: verdi)",
    "bool": "ja/nei (true/false)",
    "date": "en dato (ÅÅÅÅ-MM-DD)",
}


def to_diagnostics(sf: SourceFile, model: type[BaseModel], exc: ValidationError,
                   ) -> list[Diagnostic]:
    out = []
    errors = exc.errors(include_url=False)
    misspelled = set()  # (parent loc, key): a required key written with a typo
    for err in errors:
        loc, _ = _clean_loc(err["loc"])
        if err["type"] == "extra_forbidden":
            close = suggest(str(loc[-1]), _known_keys(model, loc[:-1]))
            if close is not None:
                misspelled.add((loc[:-1], close))
    for err in errors:
        loc, is_key = _clean_loc(err["loc"])
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            name = loc[-1]
            known = _known_keys(model, loc[:-1])
            close = suggest(str(name), known)
            message = f"Ukjent nøkkel «{name}»" + (f"; mente du «{close}»?" if close else ".")
            hint = f"Tillatte nøkler her: {_listing(known)}." if known else None
            comma = _comma_split(sf, loc) if close is None else None
            if comma is not None:
                message, hint = comma
            out.append(sf.diagnostic("HP101", message, loc, key=True, hint=hint))
        elif kind == "missing" and (loc[:-1], loc[-1]) in misspelled:
            continue  # `budsjet:` is reported once, as HP101 with «mente du «budsjett»?»
        elif kind == "missing":
            name = loc[-1]
            where = sf.span(loc[:-1], key=True)
            message = f"Nøkkelen «{name}» mangler{_where(sf.data, loc[:-1])}; den er påkrevd."
            d = sf.diagnostic("HP102", message, loc[:-1], key=True,
                              hint=f"Legg til «{name}: …» her.")
            if not loc[:-1] and where.line == 1:
                d = sf.diagnostic("HP102", message, (), hint=f"Legg til «{name}: …» i filen.")
            out.append(d)
        else:
            message, hint = _value_message(kind, err, value)
            out.append(sf.diagnostic("HP103", message, loc, key=is_key, hint=hint))
    return out


def _comma_split(sf: SourceFile, loc: tuple) -> tuple[str, str] | None:
    """`{resultat: Tolv deltakere, to nye bedrifter.}`: in a flow mapping, a comma ends the
    value, and the rest becomes a key with no value. Say so, and show the fix with quotes."""
    key = sf.span(loc, key=True)
    lines = sf.lines()
    if not 1 <= key.line <= len(lines) or _value_at(sf.data, loc) is not None:
        return None
    line = lines[key.line - 1]
    before = line[:key.column - 1].rstrip()
    if not before.endswith(","):
        return None
    opening = before.rfind("{")
    if opening < 0:
        return None
    pair = re.search(r"([^\s{,:][^:,{]*):\s*([^,{]*)$", before[:-1])
    if pair is None:
        return None
    name, first = pair.group(1).strip(), pair.group(2).strip()
    rest = str(loc[-1])
    return (f"Kommaet etter «{first}» avsluttet teksten, så «{rest}» ble lest som en ny "
            "nøkkel.",
            f"Inne i {{ … }} skiller komma verdiene. Sett teksten i anførselstegn: "
            f'{name}: "{first}, {rest}"')


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part, data.get(str(part)))
        elif isinstance(data, list) and str(part).isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _where(data: Any, loc: tuple) -> str:
    """' i «periode»' or ' i «hovedmål» nr. 2 (HM2)': where a missing key should have been."""
    if not loc:
        return ""
    names = [p for p in loc if isinstance(p, str)]
    where = f" i «{names[-1]}»" if names else ""
    if isinstance(loc[-1], int):
        node = data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        ident = node.get("id") if isinstance(node, dict) else None
        where += f" nr. {loc[-1] + 1}" + (f" ({ident})" if ident is not None else "")
    return where


def _value_message(kind: str, err: Any, value: Any) -> tuple[str, str | None]:
    ctx = err.get("ctx") or {}
    if kind.startswith("hp_"):
        return err["msg"], None
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        allowed = [a.strip(" '") for a in expected.split(",") if a.strip(" '")]
        close = suggest(str(value), allowed)
        message = f"«{value}» er ikke en gyldig verdi; bruk en av {_listing(allowed)}."
        return message, (f"Mente du «{close}»?" if close else None)
    if kind == "string_too_short":
        return "Teksten er tom.", "Skriv en tekst mellom anførselstegnene."
    if kind == "too_short":
        return ("Listen er tom, men må ha minst ett element." if not value else
                f"Listen må ha minst {ctx.get('min_length', 1)} elementer."), None
    if kind.endswith("_type") or kind in ("model_attributes_type", "dict_type"):
        expected = _TYPE_NAMES.get(kind.removesuffix("_type"), "en annen type verdi")
        if value is None:
            return f"Verdien mangler; forventet {expected}.", "Skriv en verdi etter kolonet."
        return f"Forventet {expected}, fikk {describe_type(value)}.", None
    return f"Ugyldig verdi: {describe_type(value)}.", None
