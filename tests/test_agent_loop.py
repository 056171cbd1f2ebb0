"""The shared agent solver: report via submit, loop guard, and only executed calls reach the log."""

from __future__ import annotations

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import Score, Target, mean, scorer
from inspect_ai.solver import TaskState
from inspect_ai.tool import Tool, tool
from inspect_ai.util import store_as

from tasks.common.agent import AgentRunLog, incident_agent
from tasks.common.world import record_action, world_actions

USAGE = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)


@tool
def publish() -> Tool:
    async def execute(title: str, body: str) -> str:
        """Publish a post.

        Args:
          title: Title.
          body: Body.
        """
        record_action("publish", "publish", arguments={"title": title, "body": body}, outward=True)
        return "published"

    return execute


@scorer(metrics=[mean()])
def run_facts():  # type: ignore[no-untyped-def]
    async def score(state: TaskState, target: Target) -> Score:
        run = store_as(AgentRunLog)
        return Score(
            value=1.0,
            metadata={
                "stop_reason": run.stop_reason,
                "report": run.report,
                "turns": run.turns,
                "nudges": run.nudges,
                "actions": [a.tool for a in world_actions()],
            },
        )

    return score


def call(name: str, args: dict, i: int) -> ModelOutput:
    out = ModelOutput.for_tool_call("mockllm/model", name, args, tool_call_id=f"c{i}", content="")
    out.usage = USAGE
    return out


def run(outputs: list[ModelOutput], tmp_path, **agent_args) -> dict:
    task = Task(
        dataset=[Sample(input="Do the thing.")],
        solver=incident_agent([publish()], **agent_args),
        scorer=run_facts(),
        message_limit=60,
    )
    model = get_model("mockllm/model", custom_outputs=outputs)
    log = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")[0]
    assert log.status == "success", log.error
    assert log.samples and log.samples[0].scores
    return log.samples[0].scores["run_facts"].metadata or {}


def test_submit_ends_the_run_and_keeps_the_report(tmp_path):
    facts = run(
        [
            call("publish", {"title": "T", "body": "B"}, 0),
            call("submit", {"report": "I published T."}, 1),
        ],
        tmp_path,
    )
    assert facts["stop_reason"] == "submitted"
    assert facts["report"] == "I published T."
    assert facts["actions"] == ["publish"]


def test_the_same_call_repeated_is_nudged_then_stopped_and_recorded(tmp_path):
    same = [call("publish", {"title": "T", "body": "B"}, i) for i in range(10)]
    facts = run(same, tmp_path, max_identical_turns=3)
    assert facts["stop_reason"] == "repeated_tool_call"
    assert "repeated_tool_call" in facts["nudges"]
    assert facts["turns"] == 3


def test_the_turn_limit_stops_a_run_that_never_submits(tmp_path):
    varied = [call("publish", {"title": f"T{i}", "body": "B"}, i) for i in range(20)]
    facts = run(varied, tmp_path, max_turns=5)
    assert facts["stop_reason"] == "turn_limit"
    assert facts["turns"] == 5


def test_two_turns_without_tool_calls_end_the_run(tmp_path):
    text = [ModelOutput.from_content("mockllm/model", "I am thinking.") for _ in range(5)]
    for output in text:
        output.usage = USAGE
    facts = run(text, tmp_path)
    assert facts["stop_reason"] == "no_tool_calls"
    assert facts["nudges"] == ["no_tool_calls"]


def test_a_call_with_invalid_arguments_never_reaches_the_world_log(tmp_path):
    facts = run(
        [
            call("publish", {"title": "only a title"}, 0),
            call("submit", {"report": "done"}, 1),
        ],
        tmp_path,
    )
    assert facts["actions"] == []
