"""agent-eval's wire formats as typed msgspec structs.

One JSON file of a results dataset is a `LeaderboardSubmission`; an uploaded run directory
holds an `EvalConfig`. msgspec decodes and type-checks a file in one pass, several times
faster than building pydantic models, which is what keeps a cold load of thousands of
submissions within its budget. Unknown fields are ignored, as agent-eval's readers do. Structs are not tracked by the
garbage collector (`gc=False`): decoded rows hold no reference cycles, and tracking the
hundreds of thousands of usage records in a large dataset doubles decoding time.
"""

from __future__ import annotations

from typing import Any

import msgspec


class Metric(msgspec.Struct, gc=False):
    name: str
    value: float | None  # pydantic writes NaN metrics as null


class Revision(msgspec.Struct, gc=False):
    type: str | None = None
    origin: str | None = None
    commit: str | None = None
    dirty: bool | None = None


JsonArgs = str | dict[str, Any] | None  # JSON-encoded strings in datasets, dicts in older rows


class EvalSpec(msgspec.Struct, gc=False):
    model: str | None = None
    solver: str | None = None
    solver_args: JsonArgs = None
    model_args: JsonArgs = None
    task_args: JsonArgs = None
    revision: Revision | None = None
    packages: JsonArgs = None


class Usage(msgspec.Struct, gc=False):
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None
    input_tokens_cache_write: int | None = None
    input_tokens_cache_read: int | None = None
    reasoning_tokens: int | None = None
    total_cost: float | None = None


class ModelUsage(msgspec.Struct, gc=False):
    model: str
    usage: Usage


class TaskResult(msgspec.Struct, gc=False):
    task_name: str
    metrics: list[Metric]
    eval_spec: EvalSpec | None = None
    model_usages: list[list[ModelUsage]] | None = None
    # agent-eval writes null for the whole list when any cost is unknown; older rows hold
    # lists with null entries. Both mean "cost unknown".
    model_costs: list[float | None] | None = None


class WeightAdjustment(msgspec.Struct, gc=False):
    tag: str
    task: str
    weight: float


class TaskDef(msgspec.Struct, gc=False):
    name: str
    primary_metric: str
    path: str | None = None
    tags: list[str] | None = None


class SplitDef(msgspec.Struct, gc=False):
    name: str
    tasks: list[TaskDef]
    macro_average_weight_adjustments: list[WeightAdjustment] | None = None


class SuiteConfig(msgspec.Struct, gc=False):
    name: str
    version: str | None = None
    splits: list[SplitDef] | None = None
    task_sets: list[SplitDef] | None = None  # the pre-1.0 spelling of `splits`

    def split(self, name: str) -> SplitDef | None:
        for split in self.splits or self.task_sets or []:
            if split.name == name:
                return split
        return None


class SubmissionMetadata(msgspec.Struct, gc=False):
    submit_time: str | None = None
    username: str | None = None
    agent_name: str | None = None
    agent_description: str | None = None
    agent_url: str | None = None
    logs_url: str | None = None
    logs_url_public: str | None = None
    summary_url: str | None = None
    openness: str | None = None
    tool_usage: str | None = None


class LeaderboardSubmission(msgspec.Struct, gc=False):
    suite_config: SuiteConfig
    split: str
    results: list[TaskResult] | None = None
    submission: SubmissionMetadata = msgspec.field(default_factory=SubmissionMetadata)


class EvalConfig(msgspec.Struct, gc=False):
    """`eval_config.json` of an agent-eval run directory."""

    suite_config: SuiteConfig
    split: str
    inspect_command: str | list[str] | None = None


class SchemaError(ValueError):
    """A file that is not valid JSON of the expected shape; the message says where."""


_submission_decoder = msgspec.json.Decoder(LeaderboardSubmission)
_eval_config_decoder = msgspec.json.Decoder(EvalConfig)


def _decode(decoder: msgspec.json.Decoder, data: bytes) -> Any:
    # Files are untrusted: every way decoding can fail is the file's fault, never the reader's.
    try:
        return decoder.decode(data)
    except msgspec.ValidationError as exc:
        raise SchemaError(f"wrong shape: {exc}") from None
    except msgspec.DecodeError as exc:
        raise SchemaError(f"not valid JSON: {exc}") from None
    except RecursionError:  # msgspec raises it for deeply nested values, even in ignored fields
        raise SchemaError("it is nested too deeply to read") from None
    except (ValueError, TypeError) as exc:  # includes UnicodeDecodeError
        raise SchemaError(f"cannot be decoded: {exc}") from None


def decode_submission(data: bytes) -> LeaderboardSubmission:
    return _decode(_submission_decoder, data)


def decode_eval_config(data: bytes) -> EvalConfig:
    return _decode(_eval_config_decoder, data)
