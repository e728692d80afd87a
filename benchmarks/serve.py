"""The site plus the floor page (/floor), served exactly as `python app.py` serves the site.

python -m benchmarks.serve --port 7870 --address 127.0.0.1
"""

from __future__ import annotations

import sys

from deploy.start import main

from .floor import floor_page

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], extra_apps={"/floor": floor_page}))
