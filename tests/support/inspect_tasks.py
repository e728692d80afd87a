"""Tiny Inspect tasks and a mock agent for genuine agent-eval runs in the tests (no network, no keys).

The tasks are named as the published 1.0.0 results name AstaBench's benchmarks, so agent-eval's
scorer and the leaderboard both recognise them. The agent answers through Inspect's mock model; its
replies name a priced model and carry token counts that grow with the sample, so agent-eval's
scorer computes real, unequal costs from litellm's price table.
"""

from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import includes
from inspect_ai.solver import Generate, Solver, TaskState, solver

ANSWER = "Default answer"


@solver
def mock_agent(model_name: str = "openai/gpt-4.1-mini", tokens: int = 1000) -> Solver:
    """Answers every sample with ANSWER, as `model_name`, using `tokens` x sample id input tokens."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        sample = int(state.sample_id)
        reply = ModelOutput.from_content(model=model_name, content=ANSWER)
        reply.usage = ModelUsage(input_tokens=tokens * sample, output_tokens=100, total_tokens=tokens * sample + 100)
        model = get_model("mockllm/model", custom_outputs=[reply], memoize=False)
        state.output = await model.generate(state.messages)
        state.messages.append(state.output.message)
        return state

    return solve


def _samples(count: int, correct: int) -> list[Sample]:
    """`count` questions; the first `correct` expect the agent's answer, the rest something else."""
    return [
        Sample(id=i + 1, input=f"question {i + 1}", target="Default" if i < correct else "no such answer")
        for i in range(count)
    ]


@task
def PaperFindingBench_test() -> Task:  # noqa: N802 (the published task name)
    return Task(dataset=_samples(4, 3), solver=mock_agent(), scorer=includes())


@task
def ScholarQA_CS2_test() -> Task:  # noqa: N802
    return Task(dataset=_samples(2, 1), solver=mock_agent(), scorer=includes())


@task
def DS_1000_test() -> Task:  # noqa: N802
    return Task(dataset=_samples(3, 1), solver=mock_agent(), scorer=includes())
