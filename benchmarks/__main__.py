"""python -m benchmarks {core,browser,load}: see benchmarks/__init__.py."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = parser.add_subparsers(dest="which", required=True)
    core = sub.add_parser("core", help="load and view-table time on synthetic datasets")
    core.add_argument("--sizes", type=int, nargs="+", default=[60, 2000, 10000])
    browser = sub.add_parser("browser", help="what a reader waits for in Chromium, against the floor page")
    browser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[60, 2000],
        help="submissions per split; 60 is the embedded sample (default: 60 2000)",
    )
    browser.add_argument("--repeat", type=int, default=5, help="runs per step; medians are reported")
    load = sub.add_parser("load", help="many readers opening the home page at once")
    load.add_argument("--readers", type=int, default=50)
    for p in (core, browser):
        p.add_argument("--workdir", default=None, help="where synthetic datasets are written (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.which == "core":
        from .core import run_bench

        return run_bench(args.sizes, args.workdir)
    if args.which == "load":
        from .load import run_load_bench

        return run_load_bench(args.readers)
    from .browser import run_browser_bench

    return run_browser_bench(args.sizes, args.workdir, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
