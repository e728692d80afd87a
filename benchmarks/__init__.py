"""Benchmarks of the leaderboard, outside the `abl` package a notebook user installs.

python -m benchmarks core    [--sizes 60 2000 10000]   load and view-table time of the core
python -m benchmarks browser [--sizes 60 2000]         what a reader waits for, in Chromium
python -m benchmarks load    [--readers 50]            many readers opening the site at once
"""
