"""`hp calendar` for a person: where in the yearly wheel we are, what is coming, what to do."""

from __future__ import annotations

from handlingsplan import norsk
from handlingsplan.wheel import FROM_CONFIG, Wheel


def days_left(days: int) -> str:
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgen"
    if days == -1:
        return "i går"
    if days < 0:
        return f"for {-days} dager siden"
    return f"om {days} dager"


def _span(start, end) -> str:
    if start.year == end.year:
        first = f"{start.day}. {norsk.MONTHS[start.month - 1]}"
        return f"{first} – {norsk.date(end)}"
    return f"{norsk.date(start)} – {norsk.date(end)}"


def render_text(console, wheel: Wheel) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"{wheel.programme} — årshjulet {norsk.date(wheel.date)}", style="bold"))
    console.print(Text(wheel.stage_text, style="dim"))
    console.print()

    phase = wheel.phase
    head = Text("Nå: ", style="bold")
    head.append(phase.name, style="bold cyan")
    head.append(f" ({_span(phase.start, phase.end)})", style="dim")
    console.print(head)
    console.print(Text(f"  {phase.description}"))
    if len(wheel.phases) > 1:
        ring = Text("  ")
        for i, p in enumerate(wheel.phases):
            if i:
                ring.append(" › ", style="dim")
            ring.append(p.name, style="bold cyan" if p is phase or p == phase else "dim")
        console.print(ring)
    console.print()

    if wheel.deadlines:
        table = Table(title="Frister de neste tolv månedene", title_justify="left",
                      title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                      collapse_padding=True)
        table.add_column("Dato", no_wrap=True)
        table.add_column("Igjen", no_wrap=True)
        table.add_column("Hva")
        from_config = False
        for d in wheel.deadlines:
            left = d.days_left(wheel.date)
            what = Text(d.title)
            if d.source == FROM_CONFIG:
                what.append(" *", style="dim")
                from_config = True
            if d.done:
                what.append(f"\n✓ {d.done}", style="green")
            style = "bold" if left <= 14 and not d.done else ""
            table.add_row(Text(norsk.date(d.date), style=style),
                          Text(days_left(left), style=style), what)
        console.print(table)
        if from_config:
            console.print(Text("* datoen er hentet fra hp.toml", style="dim"))
        console.print()
    else:
        console.print(Text("Ingen frister de neste tolv månedene.", style="dim"))
        console.print()

    if wheel.todos:
        console.print(Text("Å gjøre", style="bold"))
        for t in wheel.todos:
            if t.done:
                line = Text("  ✓ ", style="green") + Text(t.text, style="dim")
            else:
                mark = Text("  ! ", style="bold red") if t.urgent else Text("  → ",
                                                                           style="bold")
                line = mark + Text(t.text)
                if t.command:
                    line.append("  (kjør ", style="dim")
                    line.append(t.command, style="cyan")
                    line.append(")", style="dim")
            console.print(line)
