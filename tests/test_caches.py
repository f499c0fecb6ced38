"""What a second document in the same process reuses (compiled templates, drawn charts) is
kept within bounds, and is found again only for the same input."""

from __future__ import annotations

from jinja2 import DictLoader

from handlingsplan.render import charts, sandbox


def test_compiled_templates_are_reused_for_the_same_text_and_bounded():
    cache = sandbox.CompiledTemplates()
    env = sandbox.Sandbox(loader=DictLoader({"a.j2": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    assert env.get_template("a.j2").render() == "2"
    assert len(cache._code) == 1
    again = sandbox.Sandbox(loader=DictLoader({"a.j2": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    assert again.get_template("a.j2").render() == "2"
    assert len(cache._code) == 1  # found again, not compiled anew
    edited = sandbox.Sandbox(loader=DictLoader({"a.j2": "{{ 2 + 2 }}"}), bytecode_cache=cache)
    assert edited.get_template("a.j2").render() == "4"  # another text: compiled anew
    templates = {f"t{n}.j2": f"{{{{ {n} }}}}" for n in range(sandbox.MAX_COMPILED + 20)}
    many = sandbox.Sandbox(loader=DictLoader(templates), bytecode_cache=cache)
    for name in templates:
        many.get_template(name).render()
    assert len(cache._code) == sandbox.MAX_COMPILED


def test_drawn_charts_are_bounded(monkeypatch):
    drawn: list[str] = []

    def fake(view, words, accent):
        drawn.append(view["n"])
        return b"png"

    monkeypatch.setitem(charts.CHARTS, "budsjett", fake)
    monkeypatch.setattr(charts, "_DRAWN", {})
    for n in range(charts.MAX_KEPT + 5):
        assert charts.draw(["budsjett"], {"n": n}, {}) == {"budsjett": b"png"}
    assert charts.draw(["budsjett"], {"n": charts.MAX_KEPT + 4}, {}) == {"budsjett": b"png"}
    assert len(drawn) == charts.MAX_KEPT + 5  # the last one was not drawn again
    assert len(charts._DRAWN) == charts.MAX_KEPT
