"""Where the shipped templates are: `handlingsplan/templates` in the wheel, the repository's
`templates/` folder in an editable install."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_root() -> Path:
    """The folder holding default.docx, tekster/ (hp render) and init/ (hp init)."""
    from importlib import resources

    try:
        shipped = Path(str(resources.files("handlingsplan") / "templates"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - not installed as a package
        shipped = None
    if shipped is not None and (shipped / "tekster").is_dir():
        return shipped
    repo = Path(__file__).resolve().parents[2] / "templates"  # src/handlingsplan → repo
    if (repo / "tekster").is_dir():
        return repo
    raise FileNotFoundError("finner ikke malene til hp (handlingsplan/templates)")


def default_docx() -> Path:
    return templates_root() / "default.docx"


def texts_dirs(malform: str) -> tuple[Path, Path]:
    """The shipped Jinja templates: the wording of a målform ('bokmål' → tekster/bokmal, with
    etiketter.j2) and the structure both målformer share (tekster/)."""
    folder = "nynorsk" if malform == "nynorsk" else "bokmal"
    return templates_root() / "tekster" / folder, templates_root() / "tekster"
