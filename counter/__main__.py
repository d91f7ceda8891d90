"""`python -m counter` is the `counter` command."""

import sys

from counter.cli import main

sys.exit(main())
