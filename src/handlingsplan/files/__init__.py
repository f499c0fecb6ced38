"""The only way in or out of the disk.

Every file `hp` reads (the plan's YAML, hp.toml, text templates, the Word template) and every
file it writes (documents, figures, calendars, schemas, scaffolds) goes through this package, so
that the rules for an untrusted programme repository live in one place:

- a file is read only when it resolves inside its allowed root and is a regular file, and never
  more than a hard byte limit of it (a FIFO, a device or /dev/zero behind a symlink is refused
  before it is opened);
- a file is written atomically (a temporary file in the same folder, then a rename), never over
  a file this process has read as input, never over a read-only file or through a symlink, and
  straight through to a character device or FIFO (`/dev/null`, `/dev/stdout`) instead of
  replacing it.

Problems are `Refused` errors with a Norwegian message; the loader turns them into HP005.
"""

from handlingsplan.files.read import Refused, read_bytes, read_part, read_text
from handlingsplan.files.write import (
    append_text,
    check_inside,
    check_target,
    is_stream,
    write_atomic,
    write_with_folder,
)

__all__ = [
    "Refused",
    "append_text",
    "check_inside",
    "check_target",
    "is_stream",
    "read_bytes",
    "read_part",
    "read_text",
    "write_atomic",
    "write_with_folder",
]
