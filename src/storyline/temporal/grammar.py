"""The expression grammar: every rule, in registration order (which breaks ties between equally
long matches). Importing the rule modules registers their rules."""

from storyline.temporal import calendar_rules as _calendar_rules  # noqa: F401
from storyline.temporal import relative_rules as _relative_rules  # noqa: F401
from storyline.temporal import span_rules as _span_rules  # noqa: F401
from storyline.temporal.rules import RULES, Rule

__all__ = ["RULES", "Rule"]
