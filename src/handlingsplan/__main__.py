"""`python -m handlingsplan`: the same as the `hp` command."""

import sys

try:
    from handlingsplan.entry import main
except KeyboardInterrupt:  # Ctrl-C while the entry point itself is imported
    print("Avbrutt.", file=sys.stderr)
    sys.exit(2)

main()
