"""Admin-edited YAML that remembers where everything came from, for errors with line numbers.

Admins are not programmers, so problems are reported in plain Russian with the line to fix.
YAML's traps are caught here too: unquoted DTMF keys (`1:` is a number), duplicate keys, and
YAML 1.1 reading `yes/no/on/off` as booleans.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


@dataclass(order=True)
class Problem:
    line: int
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message}"


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines: dict[Any, int] = {}


class LineList(list):
    line: int = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines: list[int] = []


def read(text: str, problems: list[Problem]) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        advice = "текст со звёздочкой в начале берите в кавычки: \"*бластома\"" \
            if "alias" in str(exc.context or "") + str(exc.problem or "") else "проверьте отступы, двоеточия и кавычки"
        problems.append(Problem(line, f"ошибка разметки YAML: {exc.problem or exc} ({advice})"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(1, f"ошибка разметки YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    if root is None:
        return None

    def convert(node: yaml.Node) -> Any:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = LineDict()
            out.line = line
            for key_node, value_node in node.value:
                key = convert(key_node)
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    raw = key_node.value if isinstance(key_node, yaml.ScalarNode) else key
                    problems.append(Problem(key_line, f"ключ {raw} нужно взять в кавычки: \"{raw}\""
                                                          " (клавиши и названия — это текст)"))
                    key = str(raw)
                if key in out:
                    problems.append(Problem(key_line, f"ключ «{key}» повторяется (первый раз —"
                                                          f" строка {out.lines[key]}); оставьте один"))
                    continue
                out[key] = convert(value_node)
                out.lines[key] = key_line
            return out
        if isinstance(node, yaml.SequenceNode):
            out_list = LineList()
            out_list.line = line
            for item in node.value:
                out_list.append(convert(item))
                out_list.lines.append(item.start_mark.line + 1)
            return out_list
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() in _YAML11_BOOLS and not node.style:
            problems.append(Problem(line, f"«{node.value}» без кавычек YAML читает как «да/нет»;"
                                              f" напишите \"{node.value}\" в кавычках или true/false"))
            return node.value
        loader_ = yaml.SafeLoader("")
        try:
            return loader_.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            problems.append(Problem(line, f"значение не читается: {exc.problem}"))
            return node.value
        finally:
            loader_.dispose()

    return convert(root)


def line_of(data: Any, loc: Iterable[Any], default: int) -> int:
    """The line of the deepest key of `loc` present in data (pydantic adds tag names; skip them)."""
    line = default
    current = data
    for part in loc:
        if isinstance(current, LineDict) and part in current:
            line = current.lines.get(part, line)
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and part < len(current):
            line = current.lines[part]
            current = current[part]
    return line


# pydantic error type -> what an admin should read; {name} is the field, {ge}/{le} the limits.
_MESSAGES = {
    "missing": "не хватает обязательного поля «{name}»",
    "string_type": "поле «{name}» должно быть текстом",
    "string_too_short": "поле «{name}» пустое: напишите текст",
    "int_type": "поле «{name}» должно быть целым числом",
    "int_parsing": "поле «{name}» должно быть целым числом",
    "int_from_float": "поле «{name}» должно быть целым числом",
    "bool_type": "поле «{name}» должно быть true или false",
    "bool_parsing": "поле «{name}» должно быть true или false",
    "dict_type": "«{name}» должно быть набором полей (ключ: значение)",
    "model_type": "«{name}» должно быть набором полей (ключ: значение)",
    "model_attributes_type": "«{name}» должно быть набором полей (ключ: значение)",
    "list_type": "«{name}» должно быть списком (строки, начинающиеся с «- »)",
    "too_short": "«{name}» не может быть пустым",
    "too_long": "в «{name}» слишком много элементов",
    "greater_than_equal": "поле «{name}» должно быть не меньше {ge}",
    "less_than_equal": "поле «{name}» должно быть не больше {le}",
}


def hint(value: Any, choices: Iterable[str]) -> str:
    """' — может быть, «say»?' when a known name is close to what was written."""
    close = difflib.get_close_matches(str(value), sorted(choices), n=1)
    return f" — может быть, «{close[0]}»?" if close else ""


def explain(err: dict, known_fields: Iterable[str] = (), kinds: Iterable[str] = ()) -> str:
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return f"неизвестное поле «{name}»" + hint(name, known_fields)
    if kind == "union_tag_invalid":
        tag = ctx.get("tag")
        return f"неизвестный тип узла «{tag}»; допустимые: {', '.join(kinds)}" + hint(tag, kinds)
    if kind == "union_tag_not_found":
        return "у узла нет поля «type»; допустимые типы: " + ", ".join(kinds)
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(name=name, **ctx)
    return f"поле «{name}»: {err['msg']}"
