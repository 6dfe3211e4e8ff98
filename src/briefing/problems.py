"""Located problems: every mistake in the content is a value with a path, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One content error, pointing at the offending key or value (line and column are 1-based)."""

    path: str
    line: int
    column: int
    message: str

    def format(self, style: str = "text") -> str:
        if style == "github":
            # GitHub workflow command: an annotation on the offending line of the YAML file.
            message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return f"::error file={self.path},line={self.line},col={self.column}::{message}"
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be built; carries every problem found in the run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    return "\n".join(problem.format(style) for problem in problems)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, if one is close enough to be a likely misspelling."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix when one choice is close to the word, else ''."""
    match = closest(word, choices)
    return f' (did you mean "{match}"?)' if match else ""
