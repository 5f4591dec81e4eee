"""An admin's broken edit is caught with every error and its line, in words they can act on."""

import textwrap
from pathlib import Path

import pytest

from ivr.flow_loader import FlowInvalid, load_flow_file, parse_flow

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["samara", "tatarstan", "yakutia", "yaroslavl", "novosibirsk", "tambov"]

GOOD = """\
name: t
start: hello
nodes:
  hello:
    type: say
    text: "Здравствуйте"
    next: menu
  menu:
    type: menu
    prompt: "Нажмите 1"
    options:
      "1": {next: bye, set: {category: caregiver}}
    fallback: bye
  bye:
    type: hangup
    prompt: "До свидания"
"""


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(FlowInvalid) as info:
        parse_flow(textwrap.dedent(text), "f.yaml", REGIONS)
    return [(p.line, p.message) for p in info.value.problems]


def has(found, line, fragment):
    assert any(l == line and fragment in m for l, m in found), f"no '{fragment}' at line {line}: {found}"


def test_the_hotline_flow_is_valid():
    flow = load_flow_file(ROOT / "callflows" / "hotline.yaml", REGIONS)
    assert flow.name == "hotline"
    kinds = {node.type for node in flow.nodes.values()}
    assert kinds == {"say", "menu", "record", "collect_number", "set", "branch", "transfer", "hangup"}


def test_a_minimal_flow_is_valid():
    assert parse_flow(GOOD, "f.yaml", REGIONS).nodes["menu"].options["1"].next == "bye"


def test_unknown_node_type_is_named_with_a_suggestion():
    found = problems(GOOD.replace("type: say", "type: sya"))
    has(found, 5, "неизвестный тип узла «sya»")
    has(found, 5, "«say»")


def test_unknown_target_is_reported_on_its_line():
    has(problems(GOOD.replace("next: menu", "next: mneu")), 7, "несуществующий узел «mneu»")


def test_unreachable_node():
    text = GOOD + "  orphan:\n    type: hangup\n"
    has(problems(text), 17, "узел «orphan» недостижим")


def test_dead_end_without_a_way_to_hang_up():
    text = GOOD.replace('"1": {next: bye, set: {category: caregiver}}', '"1": {next: loop}') + \
        "  loop:\n    type: menu\n    prompt: x\n    options:\n      \"1\": {next: loop}\n    fallback: loop\n"
    found = problems(text)
    has(found, 17, "тупик: из узла «loop»")


def test_loop_without_waiting_for_the_caller():
    text = GOOD.replace("next: menu", "next: again") + \
        "  again:\n    type: say\n    text: x\n    next: hello\n"
    assert any("бесконечный цикл" in m for _, m in problems(text))


def test_duplicate_key_is_reported_with_both_lines():
    text = GOOD.replace('      "1": {next: bye, set: {category: caregiver}}\n',
                        '      "1": {next: bye}\n      "1": {next: menu}\n')
    has(problems(text), 13, "ключ «1» повторяется (первый раз — строка 12)")


def test_missing_prompt():
    has(problems(GOOD.replace('    prompt: "Нажмите 1"\n', "")), 8, "не хватает обязательного поля «prompt»")


def test_misspelled_field_gets_a_suggestion():
    has(problems(GOOD.replace("    text:", "    txet:")), 6, "неизвестное поле «txet» — может быть, «text»?")


def test_unquoted_dtmf_key():
    has(problems(GOOD.replace('"1": {next: bye', "1: {next: bye")), 12, 'ключ 1 нужно взять в кавычки: "1"')


def test_yaml_yes_no_booleans_are_caught():
    found = problems(GOOD.replace("next: menu", "next: no"))
    has(found, 7, "«no» без кавычек YAML читает как «да/нет»")


def test_bad_time_ranges_and_days():
    text = GOOD.replace("nodes:", 'hours:\n  mon-fri: "20:00-09:00"\n  sat: "25:00-26:00"\n  funday: "09:00-10:00"\nnodes:')
    found = problems(text)
    has(found, 4, "начало должно быть раньше конца")
    has(found, 5, "такого времени не бывает")
    has(found, 6, "неизвестный день")


def test_unknown_category_id_and_variable():
    found = problems(GOOD.replace("category: caregiver", "category: carer, mood: sad"))
    has(found, 12, "«carer» — неизвестное значение для «category»")
    has(found, 12, "нельзя задать «mood»")


def test_unknown_placeholder_and_invalid_transfer_number():
    text = GOOD.replace('prompt: "До свидания"', 'prompt: "Перезвоним {when}"')
    has(problems(text), 16, "неизвестная подстановка {when}")
    text = GOOD.replace("next: bye, set", "next: op, set") + \
        "  op:\n    type: transfer\n    number: '12345'\n    next: bye\n    on_fail: bye\n"
    has(problems(text), 19, "неверный номер для перевода")


def test_broken_yaml_syntax_gives_a_line():
    found = problems(GOOD.replace('    text: "Здравствуйте"', '    text: "Здравствуйте'))
    assert found and found[0][0] >= 6 and "ошибка разметки YAML" in found[0][1]


def test_every_error_is_reported_at_once():
    text = GOOD.replace("type: say", "type: sya").replace("fallback: bye", "fallback: byee") \
        .replace('"1": {next: bye', '1: {next: bye')
    assert len(problems(text)) >= 3


def test_cli_validate_exit_codes(app, tmp_path):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["callflow", "validate", str(ROOT / "callflows" / "hotline.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("next: menu", "next: mneu").replace("type: hangup", "type: hangpu"),
                   encoding="utf-8")
    result = runner.invoke(args=["callflow", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:7:" in result.output and "mneu" in result.output
    assert f"{bad}:15:" in result.output and "hangpu" in result.output
