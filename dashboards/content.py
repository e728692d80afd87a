"""The site's own words: introductions, category and benchmark descriptions, the About page,
how to submit."""

INTRO = """
**AstaBench** compares AI research agents on 11 benchmarks in four categories, on score *and*
cost. Each point is one agent configuration; the dashed line is the **Pareto frontier**: the agents
that no other agent beats on score for the same or less money. Pick a point or a row to highlight
the agent everywhere, set a budget to see the best agent you can afford, and share the URL to share
exactly this view.
"""

CATEGORY_INTROS = {
    "lit": "Finding, reading and synthesising the scientific literature: paper search, question "
    "answering over full texts, long-form literature review answers and comparison tables.",
    "code": "Running and writing research code: setting up repositories, reproducing published results "
    "and solving data-science programming problems.",
    "data": "Discovering hypotheses from real datasets with the analyses that support them.",
    "discovery": "Carrying a research idea through to experiments, code and a written report.",
}

BENCHMARK_DESCRIPTIONS = {
    "PaperFindingBench": "Find the papers that match a described information need (navigational, "
    "metadata and semantic queries). Scored by an adjusted F1 over the papers returned.",
    "LitQA2-FullText-Search": "Find the paper that answers a LitQA2 question. Scored by recall of that paper "
    "within the top 30 results.",
    "ScholarQA-CS2": "Answer computer-science research questions in long form with citations. Scored with "
    "question-specific rubrics for coverage and for the support given by the citations.",
    "LitQA2-FullText": "Answer multiple-choice questions about biology papers, searching their full texts. "
    "Scored by accuracy.",
    "ArxivDIGESTables-Clean": "Build a literature-review table (aspects as columns, papers as rows) for a set "
    "of papers. Scored against the table the authors published.",
    "SUPER-Expert": "Set up and run the code of research repositories on expert-written tasks. Scored by "
    "whether the run produces the expected output.",
    "CORE-Bench-Hard": "Reproduce a paper's results from its code repository without hints about how to "
    "run it. Scored by the accuracy of the reported answers.",
    "DS-1000": "Solve data-science programming problems across common Python libraries. Scored by the "
    "share of problems whose code passes the tests.",
    "DiscoveryBench": "Find and state the hypothesis that a real dataset supports for a research question. "
    "Scored against the reference hypothesis.",
    "E2E-Bench": "Carry out a complete research task: design, code, run experiments and write the report. "
    "Scored by rubrics over the report and the artifacts.",
    "E2E-Bench-Hard": "Harder end-to-end research tasks, with the same rubric-based scoring as E2E-Bench.",
}

ABOUT = """
## How the numbers are computed

Every row of the leaderboard is one run of an agent with
[agent-eval](https://github.com/allenai/agent-eval), and every number is computed from the run's
results exactly as agent-eval computes it:

- **Benchmark score** is the value of the benchmark's primary metric; its **95% confidence
  interval** is ±1.96 standard errors, from the metric's own standard error.
- **Benchmark cost** is the mean cost per problem in US dollars; it is unknown when any problem's
  cost is unknown. Its interval comes from the standard error of the per-problem costs.
- **Category** values are weighted means of their benchmarks (LitQA2-FullText and
  LitQA2-FullText-Search weigh half in Literature Understanding); **overall** values are the plain
  mean of the four categories. Standard errors are propagated through the means.

Two ways to treat benchmarks an agent did not run:

- **Leaderboard mode** (the default): a skipped benchmark counts as a score of 0, so every agent
  gets a category and overall score, and agents that run more benchmarks are not penalised for
  trying. A skipped benchmark has no cost, so the aggregate cost is unknown.
- **Paper mode**, as in the AstaBench paper's tables: an agent gets a category or overall value
  only if it ran every benchmark in it.

Numbers are kept at full precision and rounded only for display.

## The Pareto frontier

Among agents with a known score and cost, an agent is **on the frontier** if every cheaper agent
scores strictly lower and no agent with the same cost scores higher. Agents tied on both score and
cost are all on it. Agents without a known cost are drawn apart, right of the dotted line, and
never join the frontier. For an agent off the frontier, the table names the frontier agent that
beats it.

## Ranks and uncertainty

A rank says which agent scored higher in this run of the benchmarks, not which one is better: with
intervals of a few points, neighbours are often indistinguishable. Next to each rank the table
gives the **rank range** the 95% intervals allow. Another agent is *surely ahead* of an agent when
its whole interval lies above the agent's (its lower end is above the agent's upper end), and
*surely behind* when its whole interval lies below. An agent's best possible rank is one more than
the number of agents surely ahead of it; its worst is the number of ranked agents minus those surely
behind it. A range of one number means the intervals settle the rank.

For an agent off the frontier, **≈** means its 95% interval reaches the frontier: at its lowest
plausible cost (its cost minus its cost interval) its highest plausible score (its score plus its
score interval) is at least the frontier's score there, so it may be as good a choice for its
money. An unknown standard error counts as an interval of zero width. Intervals are compared one
agent at a time, which ignores that two agents ran the same problems, so the ranges err on the wide
side. The same columns are in the downloads and the JSON API (`rank_range`,
`within_frontier_uncertainty`).

## What-if prices

Costs are token usage times the prices of the day. In the sidebar's *Time and prices* you can give a
model a price factor (0.5 is half price) or new prices per million input and output tokens, and the
leaderboard is costed again: every problem's cost is recomputed from the run's own token counts (an
unchanged price gives back the published cost exactly), so the mean, its interval and the frontier
move as they would have. The plot then shows the frontier at your prices and, dotted grey, the
frontier at published prices. Runs that publish no token counts can only take a factor, and only
where every problem used one model; anything else keeps its published cost, marked "published".

## The leaderboard over time

Each row has its submission date. *Leaderboard as of* shows the board as it stood on a past date:
only the agents submitted by then, with their frontier. The folded chart under each plot follows the
best score reachable within $0.01, $0.10 and $1 per problem over time.

## Openness and tooling

| Openness | Meaning |
| --- | --- |
| Open source & open weights | the agent's code and the weights of its models are public |
| Open source & closed weights | the code is public; it calls closed models |
| Closed source & API available | the code is not public, but the agent can be called through an API |
| Closed source & UI only | the agent can only be used through its product interface |

| Tooling | Meaning |
| --- | --- |
| Standard | only the tools AstaBench provides, through their standard interface |
| Custom interface | AstaBench's tools, through an interface of the agent's own |
| Fully custom | tools of the agent's own, such as its own search engine |

In plots, colour shows openness and the marker shape shows tooling; the table shows the same
marker in the same colour.

## Citing AstaBench

```bibtex
@article{bragg2025astabench,
  title   = {AstaBench: Rigorous Benchmarking of AI Agents with a Scientific Research Suite},
  author  = {Bragg, Jonathan and D'Arcy, Mike and others},
  journal = {arXiv preprint arXiv:2510.21652},
  year    = {2025}
}
```
"""

SUBMIT_INTRO = """
# Submit an agent

Run your agent on AstaBench with [agent-eval](https://github.com/allenai/agent-eval), pack the run
directory as a `.tar.gz` archive and submit it with the form, logged in (on the public leaderboard,
with your Hugging Face account). The form asks who you are, describes your agent and its openness
and tooling, and which split you ran.
"""

SUBMISSION_RULES = """
## Before you submit

- **One submission per split every 24 hours** for each account.
- **Reviewed before publication**: a submission appears on the leaderboard once the maintainers
  have reviewed it.
- **The archive** is a `.tar.gz` of the agent-eval run directory: its `eval_config.json`, for the
  split you ran and the leaderboard's suite version, and the Inspect `.eval` logs. Regular files
  only: no links, devices or paths outside the directory.
- **Check it first** with [`abl check-archive`](#check-your-archive), which runs the same checks as
  the form.

## Check your archive

`abl`, the command-line tool of the leaderboard's Python package, lists the files a submission
would store, or says why the archive would be refused:

```bash
abl check-archive my-run.tar.gz
```
"""
