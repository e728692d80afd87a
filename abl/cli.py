"""The `abl` command."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence

from .explore import model_names
from .history import BUDGETS
from .model import Leaderboard
from .pricing import parse_changes
from .results import SPLITS, Results
from .sources import SourceError
from .stats import Mode
from .summary import UnknownView, to_csv_frame, to_records


def _board(args: argparse.Namespace, results: Results) -> Leaderboard:
    """The view at the asked prices and date; ValueError says what is wrong with them."""
    board = Leaderboard(results, split=args.split, mode=args.mode)
    board.view = board.resolve(args.view).key
    if args.prices:
        board.prices = parse_changes(args.prices, model_names(board.data))
    if args.as_of:
        try:
            board.as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise ValueError(f"--as-of '{args.as_of[:40]}' is not a date (YYYY-MM-DD)") from None
    return board


def _summary(args: argparse.Namespace) -> int:
    results = Results(args.results, config=args.config)
    data = results.split(args.split)
    if not data.rows and not data.skipped:  # an empty table would look like an answer
        print(
            f"abl summary: {data.source} has no results in the {args.split} split of config {data.config}",
            file=sys.stderr,
        )
        return 1
    table = _board(args, results).frame
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


def _history(args: argparse.Namespace) -> int:
    board = _board(args, Results(args.results, config=args.config))
    history = board.best_over_time(budgets=tuple(args.budgets))
    if board.as_of is not None:  # each step depends only on earlier rows: the history until then
        history = history[history["date"] <= board.as_of]
    if args.format == "json":
        records = [{**r, "date": r["date"].isoformat()} for r in history.to_dict("records")]
        json.dump(records, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        history.to_csv(sys.stdout, index=False, float_format="%.17g")
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

    def add_view(p: argparse.ArgumentParser, split_required: bool) -> None:
        p.add_argument("--split", required=split_required, default="test", choices=SPLITS)
        p.add_argument(
            "--view", default="overall", help="overall | lit | code | data | discovery | <benchmark display name>"
        )
        p.add_argument("--mode", default=Mode.LEADERBOARD.value, choices=[m.value for m in Mode])
        p.add_argument("--format", default="json", choices=("json", "csv"))
        p.add_argument(
            "--prices",
            default="",
            metavar="MODEL=PRICE,...",
            help="what-if model prices: a factor on the published price (gpt-5=0.5) or USD per million "
            "input/output tokens (gpt-4.1=2/8); costs are recomputed from token usage",
        )
        p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="only rows submitted by this date")

    summary = sub.add_parser("summary", help="ranked leaderboard of one view, as JSON or CSV")
    add_source(summary)
    add_view(summary, split_required=True)
    summary.set_defaults(func=_summary)

    history = sub.add_parser("history", help="best score within each budget on every date it rose")
    add_source(history)
    add_view(history, split_required=False)
    history.add_argument(
        "--budgets", type=float, nargs="+", default=list(BUDGETS), metavar="USD", help="USD per problem"
    )
    history.set_defaults(func=_history)

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
    except (SourceError, UnknownView, OSError, ValueError) as exc:
        print(f"abl: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
