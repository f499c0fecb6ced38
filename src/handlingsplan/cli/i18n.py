"""Norwegian for the texts Typer (and Click) write themselves: "Usage:", "Options", errors.

Typer and Click translate with the standard `gettext.gettext`, that is, through the default
domain "messages", the language taken from LANGUAGE, LC_ALL, LC_MESSAGES or LANG each time a
text is looked up. `activate()` binds that domain to the catalogue shipped in
`handlingsplan/locale` and makes bokmål the language unless the user chose one with LANGUAGE.

It must run before Typer first looks a text up: Typer's `rich_utils` translates its panel
titles once, when it is first imported (on the first help or error), Click and the rest of
Typer each time. So `handlingsplan.cli` calls it on import, before `import typer`; that also
covers tests that run `handlingsplan.cli.app` without `main()`. Only `os` and `gettext` (which
Typer imports anyway) are needed, so `hp --help` starts no slower.

Typer >= 0.26 ships its own copy of Click (`typer._click`) that no longer calls gettext: with it
only Typer's own texts are translated (panel titles, "Prøv «hp -h» for hjelp.", "Ukjent
kommando"), while "Usage:", "Show this message and exit." and Click's usage errors stay
English. With a Typer on the real Click (<= 0.25) the same catalogue translates those too.
"""

from __future__ import annotations

import gettext
import os

DOMAIN = "messages"  # the default gettext domain, the one `gettext.gettext` uses
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")


def activate() -> None:
    """Bind the default gettext domain to hp's catalogue; bokmål unless LANGUAGE says otherwise.

    Sets LANGUAGE only when it is unset or empty (gettext treats the two alike), so that
    `LANGUAGE=en hp …` keeps Typer's English. LANGUAGE, not LANG or LC_ALL, because gettext
    reads it first and it leaves the locale (number and date formats) alone; like any
    environment variable, programs that hp starts inherit it.
    """
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    if not os.environ.get("LANGUAGE"):
        os.environ["LANGUAGE"] = "nb"
