"""``python -m labs ...``: the course's command line. Its code lives in the ``labtools``
package, so that this folder holds the labs only."""

import sys

from labtools.cli import main

sys.exit(main())
