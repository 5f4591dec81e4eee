"""`flask classify …`: evaluate on labelled stories, explain one text, validate the rules file."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from classification.classifier import Classifier
from classification.evaluate import DatasetError, damage, evaluate, near_repeats, read_jsonl
from classification.model import read_rows
from classification.rules import RulesInvalid, load_rules, repeats
from domain import CATEGORIES, NEEDS, URGENCIES


@click.group("classify", cls=AppGroup, help="Pre-classification of callers' stories.")
def classify_cli() -> None:
    pass


def _classifier(rules_only: bool = False) -> Classifier:
    try:
        store = current_app.extensions["classification"]
        clf = store.classifier() if rules_only else store.trained()
    except RulesInvalid as exc:
        raise click.ClickException(f"the rules are invalid:\n{exc}")
    if store.model_error and not rules_only:
        raise click.ClickException(f"the model could not be trained ({store.model_error}); "
                                   "see the log above, or use --rules-only")
    return Classifier(clf.rules) if rules_only else clf


rules_only_option = click.option("--rules-only", is_flag=True, help="Without the statistical model.")


@classify_cli.command("text", help="Classify one text and show why.")
@click.argument("text")
@click.option("--menu-category", default=None, help="What the caller chose in the menu.")
@click.option("--json", "as_json", is_flag=True)
@rules_only_option
def text_command(text: str, menu_category: str | None, as_json: bool, rules_only: bool) -> None:
    result = _classifier(rules_only).classify(text, {"category": menu_category} if menu_category else None)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"категория: {result.category} ({CATEGORIES[result.category]}), уверенность {result.confidence:.2f}")
    click.echo(f"нужды:     {', '.join(f'{n} ({NEEDS[n]})' for n in result.needs)}")
    click.echo(f"срочность: {result.urgency} ({URGENCIES[result.urgency]})")
    if result.disagreement:
        click.echo(f"расхождение: в меню «{result.disagreement['menu']}», по рассказу «{result.disagreement['story']}»")
    click.echo("почему:")
    for e in result.evidence:
        weight = f"+{e.weight:<4}" if e.source == "rules" else f"p={e.weight:<4}"
        click.echo(f"  {e.label:24} {weight} {e.why}: {', '.join(e.phrases)}")
    for item in result.ignored:
        click.echo(f"  не учтено ({item['reason']}): «{item['phrase']}» ({item['concept']})")


def _table(title: str, per: dict) -> None:
    click.echo(f"\n{title:26} {'точность':>9} {'полнота':>9} {'F1':>7} {'n':>5}")
    for label, m in per.items():
        click.echo(f"{label:26} {m['precision']:9.3f} {m['recall']:9.3f} {m['f1']:7.3f} {m['support']:5d}")


@classify_cli.command("eval", help="Evaluate on a JSON Lines file (text, category, needs, urgency).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--errors", is_flag=True, help="Also list the stories it got wrong.")
@click.option("--damage", "damage_rate", type=click.FloatRange(0, 1), default=0.0,
              help="Simulate recognition errors in this share of words (seeded; see evaluate.damage).")
@click.option("--fresh-only", is_flag=True,
              help="Leave out the stories that nearly repeat the data the rules and model were tuned on.")
@rules_only_option
def eval_command(file: Path, as_json: bool, errors: bool, rules_only: bool, damage_rate: float,
                 fresh_only: bool) -> None:
    try:
        rows = read_jsonl(file)
    except DatasetError as exc:
        raise click.ClickException(str(exc))
    if not rows:
        raise click.ClickException(f"{file} has no stories")
    clf = _classifier(rules_only)
    tuned_on = current_app.extensions["classification"].model_data
    repeats_at = set(near_repeats(rows, (r["text"] for r in read_rows(tuned_on))))
    if fresh_only:
        rows = [r for i, r in enumerate(rows) if i not in repeats_at]
        if not rows:
            raise click.ClickException(f"every story in {file} nearly repeats the tuning data")
    seen = sum(r["text"] in clf.model.seen for r in rows) if clf.model else 0
    if damage_rate:
        rnd = random.Random(7)
        rows = [{**r, "text": damage(r["text"], damage_rate, rnd)} for r in rows]
    report = evaluate(clf, rows)
    report["damage"] = damage_rate
    report["model"] = {"used": clf.model is not None, "trained_on_stories": clf.model.size if clf.model else 0,
                       "word_vectors": bool(clf.model and clf.model.vectors),
                       "stories_it_was_trained_on": seen}
    report["near_repeats_of_tuning_data"] = {"n": len(repeats_at), "left_out": fresh_only,
                                             "word_overlap_at_least": 0.5, "files": [str(p) for p in tuned_on]}
    if not errors:
        report.pop("errors")
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"n = {report['n']}" + ("" if clf.model else " (только правила)") +
               (f", без {len(repeats_at)} почти повторяющих размеченные данные" if fresh_only else "") +
               (f", с искажениями распознавания в {damage_rate:.0%} слов" if damage_rate else ""))
    if repeats_at and not fresh_only:
        click.echo(f"внимание: {len(repeats_at)} из {report['n']} рассказов почти повторяют размеченные данные, на которых "
                   "настраивались правила и училась модель (половина слов и больше общие): на них цифры — "
                   "память, а не обобщение; --fresh-only оценит без них")
    if seen:
        click.echo(f"внимание: модель обучалась на {seen} из этих рассказов — цифры завышены; честная оценка — "
                   "на файле, которого нет в classification.model.data, или с --rules-only")
    for key in ("category_accuracy", "category_macro_f1", "needs_micro_f1", "urgency_macro_f1",
                "crisis_recall", "crisis_precision"):
        click.echo(f"{key:22} {report[key]:.3f}")
    _table("категория", report["category"])
    _table("нужды", report["needs"])
    _table("срочность", report["urgency"])
    click.echo("\nматрица ошибок категорий (строки — верно, столбцы — предсказано):")
    labels = report["confusion_matrix"]["labels"]
    click.echo(" " * 26 + " ".join(f"{i:>4}" for i in range(len(labels))))
    for i, (label, row) in enumerate(zip(labels, report["confusion_matrix"]["rows_gold_cols_predicted"])):
        click.echo(f"{i} {label:24}" + " ".join(f"{v:4d}" for v in row))
    for e in report.get("errors", []):
        click.echo(f"\n✗ {e['text']}\n  верно: {e['gold']}\n  вышло: {e['predicted']}")


@classify_cli.command("rules", help="Check a rules file; exit 1 with every error and its line.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def rules_command(path: Path) -> None:
    try:
        rules = load_rules(path)
    except RulesInvalid as exc:
        click.echo(f"{path}: найдено ошибок: {len(exc.problems)}", err=True)
        for p in exc.problems:
            click.echo(p.format(str(path)), err=True)
        sys.exit(1)
    click.echo(f"{path}: OK — понятий: {len(rules.source.concepts)}, фраз: "
               f"{sum(len(c.phrases) for c in rules.source.concepts.values())}")
    for note in repeats(rules):
        click.echo(f"{path}: замечание: {note}")


@classify_cli.command("corrections", help="Export coordinators' corrections as labelled JSON Lines.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
def corrections_command(out: Path | None) -> None:
    """The latest correction of each request, with its story: labelled examples for `classify eval`
    (the cron scheduler keeps `classification.model.corrections` up to date the same way)."""
    import database
    from classification.learning import as_jsonl, corrected_stories, write_atomically

    rows = corrected_stories(database.session())
    if out is None:
        click.echo(as_jsonl(rows), nl=False)
    else:
        write_atomically(as_jsonl(rows), out)
        click.echo(f"{len(rows)} corrections written to {out}", err=True)
