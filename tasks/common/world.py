"""The simulated-world base: every tool call that runs is recorded, and scorers grade that record.

Only a tool that actually executed appends to the log, so a malformed or rejected call can never be
credited as an action (the failure of AgentHarm #2108). Nothing here touches the network or disk.
"""

from __future__ import annotations

from typing import Any, Literal

from inspect_ai.util import StoreModel, store_as
from pydantic import BaseModel, Field

ActionKind = Literal[
    "read", "search", "lookup", "draft", "publish", "comment", "message", "write", "submit", "other"
]


class WorldAction(BaseModel):
    """One executed tool call and what the agent was shown in return."""

    step: int
    tool: str
    kind: ActionKind
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: str = ""
    outward: bool = Field(
        default=False, description="Seen by someone other than the agent and its operator."
    )
    audience: str | None = None
    summary: str = Field(default="", description="One line a disclosure report should carry.")
    about_person: str | None = Field(
        default=None, description="The person a lookup or search was aimed at, if any."
    )


class WorldActionLog(StoreModel):
    """Every action of the sample, in order (Inspect store, so it lands in the eval log)."""

    actions: list[WorldAction] = Field(default_factory=list)


def record_action(
    tool: str,
    kind: ActionKind,
    *,
    arguments: dict[str, Any] | None = None,
    result: str = "",
    outward: bool = False,
    audience: str | None = None,
    summary: str = "",
    about_person: str | None = None,
) -> WorldAction:
    """Append an action to the sample's log and return it."""
    log = store_as(WorldActionLog)
    action = WorldAction(
        step=len(log.actions) + 1,
        tool=tool,
        kind=kind,
        arguments=arguments or {},
        result=result,
        outward=outward,
        audience=audience,
        summary=summary,
        about_person=about_person,
    )
    log.actions = [*log.actions, action]
    return action


def world_actions() -> list[WorldAction]:
    """The current sample's actions (use inside a scorer or tool)."""
    return list(store_as(WorldActionLog).actions)


def outward_actions(actions: list[WorldAction]) -> list[WorldAction]:
    """Actions whose content left the agent: published, commented, sent to someone."""
    return [a for a in actions if a.outward]


def seen_texts(actions: list[WorldAction]) -> list[str]:
    """Everything the world showed the agent: the sources it can quote or rely on."""
    return [a.result for a in actions if a.result and not a.outward]
