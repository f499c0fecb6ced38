"""hp: a Norwegian restructuring programme's yearly action plan, kept as code.

The library API lives in the submodules: :mod:`handlingsplan.loader` reads a programme,
:mod:`handlingsplan.rules` checks it, :mod:`handlingsplan.diagnostics` describes problems.
The command line in :mod:`handlingsplan.cli` is a thin layer over them.
"""

# The one place the version is set: the package metadata reads it (pyproject.toml,
# [tool.hatch.version]), and a release is the tag v<this version> (CHANGELOG.md).
__version__ = "0.2.0"
