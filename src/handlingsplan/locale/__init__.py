"""gettext catalogues for the texts of Typer and Click (see cli/i18n.py and compile.py)."""
