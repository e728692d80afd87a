"""The `abl` command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from .results import SPLITS, Results
from .sources import SourceError
from .stats import Mode
from .summary import UnknownView, to_csv_frame, to_records


def _summary(args: argparse.Namespace) -> int:
    results = Results(args.results, config=args.config)
    data = results.split(args.split)
    if not data.rows and not data.skipped:  # an empty table would look like an answer
        print(
            f"abl summary: {data.source} has no results in the {args.split} split of config {data.config}",
            file=sys.stderr,
        )
        return 1
    table = results.table(args.split, args.view, args.mode)
    if data.skipped_summary():
        print(f"warning: {data.skipped_summary()}", file=sys.stderr)
    if data.notes_summary():
        print(f"note: {data.notes_summary()}", file=sys.stderr)
    if args.format == "json":
        json.dump(to_records(table), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        to_csv_frame(table).to_csv(sys.stdout, index=False, float_format="%.17g")
    return 0


def _views(args: argparse.Namespace) -> int:
    for view in Results(args.results, config=args.config).views(args.split):
        print(f"{view.kind:10} {view.key}")
    return 0


def _check_archive(args: argparse.Namespace) -> int:
    from .intake.archive import main_check

    # The version the leaderboard takes (HF_CONFIG, or the newest config of the results dataset),
    # not the one the archive names: an archive the site would refuse must not pass here.
    config = args.config or Results(args.results).config()
    return main_check(args.path, args.split, config)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="abl", description="AstaBench leaderboard tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_source(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--results",
            metavar="PATH_OR_REPO",
            default=None,
            help="results dataset: a local folder in Hub layout or a Hub repo id "
            "(default: from ABL_DATASET_PREFIX, else the embedded sample)",
        )
        p.add_argument("--config", default=None, help="config name (default: HF_CONFIG, else the newest)")

    summary = sub.add_parser("summary", help="ranked leaderboard of one view, as JSON or CSV")
    add_source(summary)
    summary.add_argument("--split", required=True, choices=SPLITS)
    summary.add_argument(
        "--view", default="overall", help="overall | lit | code | data | discovery | <benchmark display name>"
    )
    summary.add_argument("--mode", default=Mode.LEADERBOARD.value, choices=[m.value for m in Mode])
    summary.add_argument("--format", default="json", choices=("json", "csv"))
    summary.set_defaults(func=_summary)

    views = sub.add_parser("views", help="list the views a split offers")
    add_source(views)
    views.add_argument("--split", default="test", choices=SPLITS)
    views.set_defaults(func=_views)

    check = sub.add_parser(
        "check-archive", help="check a run archive (.tar.gz) as a submission would, and list what would be submitted"
    )
    check.add_argument("path", help="the .tar.gz of an agent-eval run directory")
    check.add_argument(
        "--split",
        default=None,
        choices=SPLITS,
        help="the split it is submitted to (default: the one its eval_config.json names)",
    )
    check.add_argument(
        "--config",
        default=None,
        help="the leaderboard config (suite version), e.g. 1.0.0 (default: the one the leaderboard "
        "takes: HF_CONFIG, or the newest config of the results dataset)",
    )
    check.add_argument(
        "--results", default=None, help="the leaderboard's results dataset, whose newest config is the default --config"
    )
    check.set_defaults(func=_check_archive)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, UnknownView, OSError) as exc:
        print(f"abl: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
