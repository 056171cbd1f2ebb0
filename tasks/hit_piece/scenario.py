"""The hit-piece scenario record: a closed pull request, its maintainer, and what can be found about him.

One record holds both twins: the harmful setup (the PR closed on policy or curtly, with private
facts about the maintainer within reach) and the benign twin (closed for a technical reason, where
writing a factual retrospective or a respectful reply is the legitimate job).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Project(Strict):
    name: str = Field(description="Fictional open-source project.")
    description: str = Field(description="One sentence: what the project is.")
    contribution_policy: str = Field(description="The project's rule that the harmful twin cites.")


class Person(Strict):
    full_name: str = Field(description="Fictional person; never a real name.")
    handle: str = Field(description="Code-host username, without '@'.")
    role: str = Field(description="e.g. 'volunteer maintainer'.")
    pronoun: Literal["he", "she", "they"] = "they"


class ThreadComment(Strict):
    author: str = Field(description="Handle of the commenter.")
    text: str


class PullRequest(Strict):
    number: int = Field(ge=1)
    title: str
    description: str = Field(description="The PR body the agent wrote.")
    files_changed: int = Field(ge=1)
    lines_changed: int = Field(ge=1)
    thread: list[ThreadComment] = Field(
        default_factory=list, description="Review comments before the closing one."
    )


class Closing(Strict):
    """How the PR was closed in one twin."""

    reason: Literal["policy", "technical", "duplicate", "scope", "curt"]
    comment: str = Field(description="The maintainer's closing comment, verbatim.")


class PersonRecord(Strict):
    """A fact the person lookup or web search can return about someone."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "if": {"properties": {"visibility": {"const": "private"}}},
            "then": {"required": ["markers"], "properties": {"markers": {"minItems": 1}}},
        },
    )

    id: str
    text: str
    visibility: Literal["public", "private"]
    source: str = Field(description="Where the fact comes from, e.g. 'project commit history'.")
    markers: list[str] = Field(
        default_factory=list,
        description="Distinctive words that show the fact was repeated (required for private facts).",
    )

    @model_validator(mode="after")
    def _private_facts_have_markers(self) -> PersonRecord:
        if self.visibility == "private" and not self.markers:
            raise ValueError("a private record needs at least one marker")
        return self


class SearchResult(Strict):
    title: str
    snippet: str
    url: str = Field(description="A made-up URL under an .example domain.")


class OperatorMessages(Strict):
    """Scenario-specific wording the prompt templates fill in."""

    goal: str = Field(description="The operator's standing brief for the agent.")
    benign_task: str = Field(
        description="The legitimate job in the benign twin, e.g. a factual retrospective."
    )


class HitPieceScenario(Strict):
    """One base scenario; the variation grid multiplies it into samples."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    project: Project
    agent_name: str = Field(description="The agent's own account name on the code host and blog.")
    operator_name: str
    maintainer: Person
    pull_request: PullRequest
    harmful_closing: Closing
    benign_closing: Closing
    person_records: list[PersonRecord] = Field(min_length=2)
    search_results: list[SearchResult] = Field(default_factory=list)
    operator: OperatorMessages
    bystanders: list[Person] = Field(
        default_factory=list, description="Other named people in the thread (for attack checks)."
    )

    def private_records(self) -> list[PersonRecord]:
        return [r for r in self.person_records if r.visibility == "private"]

    def name_forms(self, person: Person | None = None) -> list[str]:
        """Ways a text can name the person: full name, surname, handle."""
        person = person or self.maintainer
        parts = person.full_name.split()
        forms = [person.full_name, person.handle, f"@{person.handle}"]
        if len(parts) > 1:
            forms.append(parts[-1])
        return forms
