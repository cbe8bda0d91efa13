"""``python -m labtools ...`` is the same command as ``python -m labs ...``."""

import sys

from .cli import main

sys.exit(main())
