"""A tiny, safe rule language for catalogue eligibility and amount cases (never `eval`).

    expr    := and_expr ("or" and_expr)*
    and_expr:= unary ("and" unary)*
    unary   := "not" unary | "(" expr ")" | compare | bool_fact | "true" | "false"
    compare := operand ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
    operand := fact | integer | "true" | "false"

Facts are the fixed names in `counter.catalogue.facts.FACTS`. Numbers compare with any operator; yes/no
facts stand alone or compare with `==`/`!=` to true/false. `compile_rule` checks names, operators and
types and raises `RuleSyntaxError`; `explain` names the facts that decided an outcome, in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from counter.base.i18n import N_, _
from counter.catalogue.facts import FACTS, FactValue, format_fact_number


class RuleSyntaxError(ValueError):
    """A rule text that is not valid; the message is a translated problem description."""


@dataclass(frozen=True)
class Literal:
    value: FactValue


@dataclass(frozen=True)
class Fact:
    name: str


Operand = Literal | Fact


@dataclass(frozen=True)
class Compare:
    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Node, ...]


Node = Literal | Fact | Compare | Not | All | Any_

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+)|(?P<op>==|!=|<=|>=|<|>)|(?P<paren>[()])|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_CONDITIONS = {
    ">=": N_("at least {n}"),
    ">": N_("more than {n}"),
    "<=": N_("at most {n}"),
    "<": N_("under {n}"),
    "==": N_("exactly {n}"),
    "!=": N_("other than {n}"),
}


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            bad = stripped[position:].lstrip()[:1]
            raise RuleSyntaxError(_("unexpected character '{char}' in rule").format(char=bad))
        tokens.append(match.group(match.lastgroup or "word"))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise RuleSyntaxError(_("the rule ends too early"))
        self.position += 1
        return token

    def expression(self) -> Node:
        items = [self.conjunction()]
        while self.peek() == "or":
            self.take()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Any_(tuple(items))

    def conjunction(self) -> Node:
        items = [self.unary()]
        while self.peek() == "and":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else All(tuple(items))

    def unary(self) -> Node:
        if self.peek() == "not":
            self.take()
            return Not(self.unary())
        if self.peek() == "(":
            self.take()
            inner = self.expression()
            if self.take() != ")":
                raise RuleSyntaxError(_("a closing parenthesis is missing"))
            return inner
        left = self.operand()
        if self.peek() in _OPS:
            op = self.take()
            return Compare(left, op, self.operand())
        return left

    def operand(self) -> Operand:
        token = self.take()
        if re.fullmatch(r"-?\d+", token):
            return Literal(int(token))
        if token in ("true", "false"):
            return Literal(token == "true")
        if token in _KEYWORDS or token in _OPS or token in "()":
            raise RuleSyntaxError(_("unexpected '{token}' in rule").format(token=token))
        if token not in FACTS:
            raise RuleSyntaxError(
                _("unknown fact '{name}' (known: {known})").format(name=token, known=", ".join(FACTS))
            )
        return Fact(token)


def _kind(operand: Operand) -> type:
    if isinstance(operand, Fact):
        return FACTS[operand.name].kind
    return bool if isinstance(operand.value, bool) else int


def _check(node: Node) -> None:
    if isinstance(node, Compare):
        left, right = _kind(node.left), _kind(node.right)
        if left is not right:
            raise RuleSyntaxError(_("cannot compare a number with yes/no in '{op}'").format(op=node.op))
        if left is bool and node.op not in ("==", "!="):
            raise RuleSyntaxError(_("yes/no facts only compare with == or !="))
    elif isinstance(node, Fact | Literal):
        if _kind(node) is not bool:
            what = node.name if isinstance(node, Fact) else str(node.value)
            raise RuleSyntaxError(
                _("'{what}' is a number, not a condition: compare it, e.g. '{what} >= 1'").format(what=what)
            )
    elif isinstance(node, Not):
        _check(node.operand)
    else:
        for item in node.items:
            _check(item)


def compile_rule(text: str) -> Node:
    """Parse and type-check a rule text; RuleSyntaxError (translated problem) when it is not valid."""
    if not isinstance(text, str) or not text.strip():
        raise RuleSyntaxError(_("the rule is empty"))
    parser = _Parser(_tokenize(text))
    node = parser.expression()
    if parser.peek() is not None:
        raise RuleSyntaxError(_("unexpected '{token}' in rule").format(token=parser.peek()))
    _check(node)
    return node


def _value(operand: Operand, facts: dict[str, FactValue]) -> FactValue:
    return facts[operand.name] if isinstance(operand, Fact) else operand.value


def evaluate(node: Node, facts: dict[str, FactValue]) -> bool:
    """The truth of a compiled rule for `facts` (every name in `FACTS` must be present)."""
    if isinstance(node, Compare):
        return bool(_OPS[node.op](_value(node.left, facts), _value(node.right, facts)))
    if isinstance(node, Fact | Literal):
        return bool(_value(node, facts))
    if isinstance(node, Not):
        return not evaluate(node.operand, facts)
    if isinstance(node, All):
        return all(evaluate(item, facts) for item in node.items)
    return any(evaluate(item, facts) for item in node.items)


FactPhrase = dict[str, Any]
"""One fact that decided a rule, as data: `{"fact", "value"}` (a yes/no fact), `{"fact", "value", "op",
"limit"}` (a number against the rule's limit) or `{"facts": [[name, value], ...]}` (two facts compared);
`describe_fact` says it in the current language."""


def describe_fact(phrase: FactPhrase) -> str:
    """A fact phrase in words ("출생 순위: 3 (기준: 4 미만)"); KeyError for an unknown fact or operator."""
    if "facts" in phrase:
        return ", ".join(f"{_(FACTS[name].label)}: {format_fact_number(name, int(value))}"
                         for name, value in phrase["facts"])
    name = phrase["fact"]
    if "op" not in phrase:
        spec = FACTS[name]
        return _(spec.when_true if phrase["value"] else spec.when_false)
    return _("{fact}: {value} (required: {condition})").format(
        fact=_(FACTS[name].label),
        value=format_fact_number(name, int(phrase["value"])),
        condition=_(_CONDITIONS[phrase["op"]]).format(n=format_fact_number(name, int(phrase["limit"]))),
    )


def _compare_phrase(node: Compare, facts: dict[str, FactValue], wanted: bool) -> FactPhrase:
    left, op, right = node.left, node.op, node.right
    if isinstance(left, Literal) and isinstance(right, Fact):
        left, op, right = right, _FLIPPED[op], left
    if not wanted:
        op = _NEGATED[op]
    if isinstance(left, Fact) and FACTS[left.name].kind is bool:
        return {"fact": left.name, "value": bool(facts[left.name])}
    if isinstance(left, Fact) and isinstance(right, Literal):
        return {"fact": left.name, "value": int(facts[left.name]), "op": op, "limit": int(right.value)}
    return {"facts": [[o.name, int(facts[o.name])] for o in (left, right) if isinstance(o, Fact)]}


def explain_facts(
    node: Node, facts: dict[str, FactValue], outcome: bool | None = None, *, wanted: bool = True
) -> list[FactPhrase]:
    """The facts that make `node` come out as `outcome` (default: as it does), as data.

    Each comparison is given with the requirement the rule sets (`wanted` flips under `not`): for a
    failed `and`, every failed part is named; for a passed `or`, the first part that passed.
    """
    if outcome is None:
        outcome = evaluate(node, facts)
    if isinstance(node, Compare):
        return [_compare_phrase(node, facts, wanted)]
    if isinstance(node, Fact):
        return [{"fact": node.name, "value": bool(facts[node.name])}]
    if isinstance(node, Literal):
        return []
    if isinstance(node, Not):
        return explain_facts(node.operand, facts, not outcome, wanted=not wanted)
    deciding_all = isinstance(node, All) == outcome
    phrases: list[FactPhrase] = []
    for item in node.items:
        if deciding_all or evaluate(item, facts) == outcome:
            phrases.extend(explain_facts(item, facts, outcome, wanted=wanted))
            if not deciding_all and isinstance(node, Any_):
                break
    return phrases


def explain(
    node: Node, facts: dict[str, FactValue], outcome: bool | None = None, *, wanted: bool = True
) -> list[str]:
    """Translated phrases naming the facts that make `node` come out as `outcome` (see `explain_facts`)."""
    return [describe_fact(phrase) for phrase in explain_facts(node, facts, outcome, wanted=wanted)]
