"""python -m benchmarks {core,browser}: see benchmarks/__init__.py."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = parser.add_subparsers(dest="which", required=True)
    core = sub.add_parser("core", help="load and view-table time on synthetic datasets")
    core.add_argument("--sizes", type=int, nargs="+", default=[60, 2000, 10000])
    browser = sub.add_parser("browser", help="what a reader waits for in Chromium, against the floor page")
    browser.add_argument("--sizes", type=int, nargs="+", default=[60, 2000],
                         help="submissions per split; 60 is the embedded sample (default: 60 2000)")
    browser.add_argument("--repeat", type=int, default=5, help="runs per step; medians are reported")
    for p in (core, browser):
        p.add_argument("--workdir", default=None, help="where synthetic datasets are written (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.which == "core":
        from .core import run_bench

        return run_bench(args.sizes, args.workdir)
    from .browser import run_browser_bench

    return run_browser_bench(args.sizes, args.workdir, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
