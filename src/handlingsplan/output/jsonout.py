"""`--format json`: exactly one JSON object, as in the contract (FORMAT.md §6)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from handlingsplan.diagnostics import Diagnostic, Summary


def document(diagnostics: Sequence[Diagnostic]) -> dict:
    return {"diagnostics": [d.to_json() for d in diagnostics],
            "summary": Summary.of(diagnostics).to_json()}


def dumps(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(document(diagnostics), ensure_ascii=False, indent=2) + "\n"
