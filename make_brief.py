"""Entry point: `python make_brief.py` is the same program as `make-brief`."""

import sys

from policybrief.cli import main

if __name__ == "__main__":
    sys.exit(main())
