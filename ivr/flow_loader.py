"""Reads a call-flow YAML file and checks it the way an admin needs: every error, with its line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import Any, Iterable

import phonenumbers
from pydantic import TypeAdapter, ValidationError

from domain import CALLBACK_TIMES, CATEGORIES, NEEDS, URGENCIES
from ivr.flow_schema import (
    INSTANT_TYPES,
    NODE_TYPES,
    PLACEHOLDERS,
    SETTABLE_VARS,
    BranchNode,
    CollectNumberNode,
    FlowHeader,
    HangupNode,
    MenuNode,
    Node,
    RecordNode,
    SayNode,
    SetNode,
    TransferNode,
    parse_days,
    parse_time_range,
)
from yaml_source import LineDict, LineList, Problem, explain, hint, line_of, read

_NODE_ADAPTER: TypeAdapter = TypeAdapter(Node)


class FlowInvalid(Exception):
    """A flow file that must not be served; `problems` lists every error with its line."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format(path) for p in self.problems))


def _fields_of(node_type: str) -> list[str]:
    model = {
        "say": SayNode, "menu": MenuNode, "record": RecordNode, "collect_number": CollectNumberNode,
        "set": SetNode, "branch": BranchNode, "transfer": TransferNode, "hangup": HangupNode,
    }.get(node_type)
    return [f.alias or n for n, f in model.model_fields.items()] if model else []


def _targets(raw: Any) -> list[tuple[str, Any, int]]:
    """(field, target node name, line) for every transition a raw node declares."""
    out: list[tuple[str, Any, int]] = []
    if not isinstance(raw, LineDict):
        return out
    for key in ("next", "fallback", "otherwise", "on_fail"):
        if key in raw:
            out.append((key, raw[key], raw.lines[key]))
    options = raw.get("options")
    if isinstance(options, LineDict):
        for opt in options.values():
            if isinstance(opt, LineDict) and "next" in opt:
                out.append(("next", opt["next"], opt.lines["next"]))
    rules = raw.get("rules")
    if isinstance(rules, LineList):
        for rule in rules:
            if isinstance(rule, LineDict) and "next" in rule:
                out.append(("next", rule["next"], rule.lines["next"]))
    return out


@dataclass
class Flow:
    """A validated flow, ready to run; identified by the SHA-256 of its text."""

    header: FlowHeader
    nodes: dict[str, Any]
    hours: dict[int, list[tuple[int, int]]]
    source: str
    path: str
    sha256: str = ""
    version_id: int | None = None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.header.name


def _check_set(values: Any, line_map: LineDict | None, line: int, regions: set[str],
               problems: list[Problem]) -> None:
    if not isinstance(values, dict):
        return
    for key, value in values.items():
        key_line = line_map.lines.get(key, line) if isinstance(line_map, LineDict) else line
        if key not in SETTABLE_VARS:
            problems.append(Problem(key_line, f"нельзя задать «{key}»; можно: "
                                                  f"{', '.join(sorted(SETTABLE_VARS))}" + hint(key, SETTABLE_VARS)))
            continue
        allowed = {"category": CATEGORIES, "need": NEEDS, "needs": NEEDS,
                   "urgency": URGENCIES, "region": regions, "callback_time": CALLBACK_TIMES}[key]
        items = value if isinstance(value, list) and key == "needs" else [value]
        for item in items:
            if item not in allowed:
                problems.append(Problem(key_line, f"«{item}» — неизвестное значение для «{key}»; "
                                                      f"допустимые: {', '.join(sorted(allowed))}"
                                                      + hint(item, allowed)))


def _check_prompts(raw: Any, problems: list[Problem], allowed: set[str]) -> None:
    """Every {placeholder} in a text must be one the engine knows how to fill."""
    if isinstance(raw, LineDict):
        for key, value in raw.items():
            if isinstance(value, str):
                try:
                    names = [f for _, f, _, _ in Formatter().parse(value) if f is not None]
                except ValueError:
                    problems.append(Problem(raw.lines[key], f"в тексте «{key}» непарная фигурная"
                                                                " скобка { или }"))
                    continue
                for name in names:
                    if name not in allowed:
                        problems.append(Problem(raw.lines[key], f"неизвестная подстановка {{{name}}}"
                                                                    f" в «{key}»; доступны: "
                                                                    + ", ".join("{%s}" % p for p in sorted(allowed))))
            else:
                _check_prompts(value, problems, allowed)
    elif isinstance(raw, LineList):
        for item in raw:
            _check_prompts(item, problems, allowed)


def _graph_problems(start: str, start_line: int, raw_nodes: LineDict,
                    parsed: dict[str, Any], entries: tuple[str, ...] = ()) -> list[Problem]:
    problems: list[Problem] = []
    edges: dict[str, list[str]] = {}
    for name, raw in raw_nodes.items():
        edges[name] = []
        for fld, target, line in _targets(raw):
            if not isinstance(target, str) or target not in raw_nodes:
                problems.append(Problem(line, f"узел «{name}»: «{fld}» ведёт в несуществующий узел"
                                                  f" «{target}»" + hint(target, raw_nodes)))
            else:
                edges[name].append(target)
    if start not in raw_nodes:
        problems.append(Problem(start_line, f"начальный узел «{start}» не найден среди узлов"
                                                + hint(start, raw_nodes)))
        return problems

    reachable = {start} | {e for e in entries if e in raw_nodes}
    todo = list(reachable)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                todo.append(nxt)
    for name in raw_nodes:
        if name not in reachable:
            problems.append(Problem(raw_nodes.lines[name], f"узел «{name}» недостижим: ни один"
                                                               f" переход от «{start}» к нему не ведёт"))

    if len(parsed) != len(raw_nodes):
        return problems  # ends and loops are judged only on a flow whose nodes all parse
    finishing = {n for n, node in parsed.items() if isinstance(node, HangupNode)}
    changed = True
    while changed:
        changed = False
        for name, outs in edges.items():
            if name not in finishing and any(o in finishing for o in outs):
                finishing.add(name)
                changed = True
    for name in raw_nodes:
        if name in reachable and name not in finishing:
            problems.append(Problem(raw_nodes.lines[name], f"тупик: из узла «{name}» нельзя дойти"
                                                               " до завершения звонка (узла hangup)"))
    # A loop made only of instant nodes would spin without ever waiting for the caller.
    instant = {n for n, node in parsed.items() if node.type in INSTANT_TYPES}
    state: dict[str, int] = {}

    def visit(n: str, trail: list[str]) -> None:
        state[n] = 1
        for nxt in edges[n]:
            if nxt not in instant:
                continue
            if state.get(nxt) == 1:
                loop = trail[trail.index(nxt):] + [nxt] if nxt in trail else [n, nxt]
                problems.append(Problem(raw_nodes.lines[nxt], "бесконечный цикл без ожидания ответа:"
                                                                  f" {' → '.join(loop)}"))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[n] = 2

    for n in sorted(instant):
        if n not in state:
            visit(n, [n])
    return problems


def parse_flow(text: str, path: str = "<flow>", regions: Iterable[str] = ()) -> Flow:
    """Validate flow text; return the Flow or raise FlowInvalid listing every problem."""
    regions = set(regions) | {"other"}
    problems: list[Problem] = []
    data = read(text, problems)
    if data is None and not problems:
        problems.append(Problem(1, "файл пуст"))
    if data is not None and not isinstance(data, LineDict):
        problems.append(Problem(getattr(data, "line", 1), "файл должен начинаться с полей"
                                                              " name, start, nodes"))
        data = None
    if data is None:
        raise FlowInvalid(path, problems)

    header = None
    try:
        header = FlowHeader.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            if err["loc"] and err["loc"][0] == "nodes" and len(err["loc"]) > 1:
                continue
            problems.append(Problem(line_of(data, err["loc"], data.line),
                                        explain(err, FlowHeader.model_fields, NODE_TYPES)))

    hours: dict[int, list[tuple[int, int]]] = {}
    raw_hours = data.get("hours")
    if isinstance(raw_hours, LineDict):
        for days, span in raw_hours.items():
            line = raw_hours.lines[days]
            try:
                rng = parse_time_range(span)
                for d in parse_days(days):
                    hours.setdefault(d, []).append(rng)
            except ValueError as exc:
                problems.append(Problem(line, f"часы работы: {exc}"))

    raw_nodes = data.get("nodes")
    parsed: dict[str, Any] = {}
    if isinstance(raw_nodes, LineDict):
        for name, raw in raw_nodes.items():
            line = raw_nodes.lines[name]
            if not isinstance(raw, LineDict):
                problems.append(Problem(line, f"узел «{name}» должен быть набором полей"
                                                  " (type, text, next …)"))
                continue
            try:
                node = _NODE_ADAPTER.validate_python(raw)
            except ValidationError as exc:
                fields = _fields_of(str(raw.get("type")))
                for err in exc.errors():
                    at = raw.lines.get("type", line) if err["type"].startswith("union_tag") else line
                    problems.append(Problem(line_of(raw, err["loc"], at),
                                                f"узел «{name}»: {explain(err, fields, NODE_TYPES)}"))
                continue
            parsed[name] = node
            if isinstance(node, SetNode):
                _check_set(raw.get("set"), raw.get("set"), raw.lines.get("set", line), regions, problems)
            if isinstance(node, MenuNode):
                for key, opt in raw["options"].items():
                    okey = raw["options"].lines[key]
                    if len(key) != 1 or key not in "0123456789*#":
                        problems.append(Problem(okey, f"узел «{name}»: «{key}» — не клавиша"
                                                          " телефона; допустимы 0–9, * и #"))
                    if key == node.repeat_key:
                        problems.append(Problem(okey, f"узел «{name}»: клавиша «{key}» уже занята"
                                                          " повтором меню (repeat_key)"))
                    if isinstance(opt, LineDict):
                        _check_set(opt.get("set"), opt.get("set"), opt.lines.get("set", okey),
                                   regions, problems)
            if isinstance(node, CollectNumberNode) and "{entered_number}" not in node.readback_prompt:
                problems.append(Problem(raw.lines["readback_prompt"], f"узел «{name}»: в"
                                            " readback_prompt нужно {entered_number}, чтобы"
                                            " зачитать номер для проверки"))
            if isinstance(node, TransferNode):
                try:
                    ok = phonenumbers.is_valid_number(phonenumbers.parse(node.number, "RU"))
                except phonenumbers.NumberParseException:
                    ok = False
                if not ok:
                    problems.append(Problem(raw.lines["number"], f"узел «{name}»: «{node.number}»"
                                                " — неверный номер для перевода; пишите +7XXXXXXXXXX"))
            if isinstance(node, BranchNode):
                for rule, raw_rule in zip(node.rules, raw["rules"]):
                    cond = rule.if_
                    rline = raw_rule.lines.get("if", line) if isinstance(raw_rule, LineDict) else line
                    if cond == type(cond)():
                        problems.append(Problem(rline, f"узел «{name}»: пустое условие «if»"))
                    if cond.var is not None and cond.var not in SETTABLE_VARS - {"need"}:
                        problems.append(Problem(rline, f"узел «{name}»: неизвестная переменная"
                                                    f" «{cond.var}»"))
                    if cond.var is None and (cond.equals or cond.one_of or cond.is_set is not None):
                        problems.append(Problem(rline, f"узел «{name}»: equals/one_of/is_set"
                                                    " требуют поля «var»"))
        crisis = data.get("crisis_node")
        if crisis is not None and crisis not in raw_nodes:
            problems.append(Problem(data.lines.get("crisis_node", 1), f"crisis_node «{crisis}» не найден среди узлов"
                                    + hint(crisis, raw_nodes)))
        problems.extend(_graph_problems(str(data.get("start")), data.lines.get("start", 1), raw_nodes, parsed,
                                        (str(crisis),) if crisis else ()))
    _check_prompts(data.get("nodes"), problems, PLACEHOLDERS)
    _check_prompts(data.get("texts"), problems, {"time", "weekday"})

    if problems or header is None:
        raise FlowInvalid(path, problems)
    return Flow(
        header=header,
        nodes=parsed,
        hours=hours,
        source=text,
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        lines={n: raw_nodes.lines[n] for n in raw_nodes},
    )


def load_flow_file(path: str | Path, regions: Iterable[str] = ()) -> Flow:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FlowInvalid(str(path), [Problem(1, "файл не найден")])
    except UnicodeDecodeError:
        raise FlowInvalid(str(path), [Problem(1, "файл не в кодировке UTF-8; сохраните его как UTF-8")])
    return parse_flow(text, str(path), regions)
