"""The classification rules file: its schema, its checks (with line numbers), and its compiled form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from classification.text import lemma, readings_as_written, words
from domain import CATEGORIES, NEEDS, URGENCIES
from yaml_source import LineDict, Problem, explain, hint, line_of, read

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Negation(_Strict):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    window: int = Field(default=3, ge=1, le=10)
    over_verb: bool = True       # «не воевал на сво»: a cue reaches over one verb; not for crises


class Nearby(_Strict):
    concepts: list[str] = Field(min_length=1)
    window: int = Field(default=3, ge=0, le=20)
    side: Literal["both", "after", "before"] = "both"   # where the neighbour must stand: «…, с тех пор» only after


class Concept(_Strict):
    phrases: list[str] = Field(min_length=1)
    negation: str = "general"
    unless: list[Nearby] = Field(default_factory=list)   # one {concepts, window} or a list of them
    followed_by: Optional[Nearby] = None
    phrases_of: list[str] = Field(default_factory=list)   # other concepts whose phrases this one finds too

    @field_validator("unless", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, dict) else value


class Rule(_Strict):
    when: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    within: Optional[int] = Field(default=None, ge=1, le=50)
    ordered: bool = False        # with `within`: the later concepts must come after the first
    unless_within: Optional[int] = Field(default=None, ge=1, le=50)   # crisis rules: how near an exception must be
    weight: float = Field(gt=0)
    why: str = Field(min_length=1)
    need: Optional[str] = None   # urgency rules: the need the situation itself implies (an overdose — medical)
    calms: Literal["all", "crisis"] = "all"   # `normal` rules: stop the model's crisis and high, or its crisis only
    asked: bool = False   # needs rules: the caller asks for it in so many words — the model never sets it aside


class Thresholds(_Strict):
    category_min_score: float = 1.5
    need_min_score: float = 1.0
    high_min_score: float = 2.0
    disagreement_min_confidence: float = 0.6


class RulesFile(_Strict):
    fillers: list[str] = Field(default_factory=list)
    spoken: dict[str, str] = Field(default_factory=dict)   # a spoken form -> the word the rules write («чё» -> «что»)
    glue: list[str] = Field(default_factory=list)
    boundary: list[str] = Field(default_factory=list)
    droppable: list[str] = Field(default_factory=list)
    negation: dict[str, Negation] = Field(default_factory=dict)
    concepts: dict[str, Concept] = Field(min_length=1)
    categories: dict[str, list[Rule]]
    needs: dict[str, list[Rule]]
    urgency: dict[str, list[Rule]]
    default_needs: dict[str, list[str]] = Field(default_factory=dict)
    thresholds: Thresholds = Field(default_factory=Thresholds)


class RulesInvalid(Exception):
    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format(path) for p in self.problems))


Phrase = tuple[str, ...]
_PART = re.compile(r"^(\*?)([а-яё]{4,})(\*?)$")


def phrase_lemmas(text: str) -> Phrase:
    return tuple(lemma(w) for w in words(text))


def word_part(phrase: str) -> Optional[tuple[str, str]]:
    """«онко*» -> ("prefix", "онко"), «*бластома» -> ("suffix", "бластома"): one word's beginning or
    end, for the many compound diagnoses («онкогематология», «нейробластома») no list can hold."""
    m = _PART.match(phrase.strip().lower())
    if not m or bool(m.group(1)) == bool(m.group(3)):
        return None
    return ("suffix" if m.group(1) else "prefix", m.group(2).replace("ё", "е"))


@dataclass
class Ruleset:
    """Rules ready to run: every phrase as a tuple of lemmas."""

    source: RulesFile
    phrases: dict[str, list[tuple[Phrase, str]]]          # concept -> [(lemmas, as written)]
    negation: dict[str, tuple[list[Phrase], list[Phrase], int, bool]]
    vocabulary: set[str] = field(default_factory=set)
    path: str = ""
    word_parts: list[tuple[str, str, str]] = field(default_factory=list)  # (prefix|suffix, text, concept)
    aliases: dict[str, str] = field(default_factory=dict)   # see `aliases`
    held_elsewhere: set[str] = field(default_factory=set)   # lemmas of the negation, glue and boundary words


def _check_refs(data: LineDict, rules: RulesFile, problems: list[Problem]) -> None:
    concepts = set(rules.concepts)
    for section, labels in (("categories", CATEGORIES), ("needs", NEEDS), ("urgency", URGENCIES)):
        raw_section = data.get(section)
        for label, rule_list in getattr(rules, section).items():
            line = raw_section.lines.get(label, 1) if isinstance(raw_section, LineDict) else 1
            if label not in labels:
                problems.append(Problem(line, f"{section}: «{label}» — неизвестная метка; допустимые: "
                                              f"{', '.join(labels)}" + hint(label, labels)))
            raw_rules = raw_section.get(label) if isinstance(raw_section, LineDict) else None
            for i, rule in enumerate(rule_list):
                rline = raw_rules.lines[i] if raw_rules is not None and i < len(raw_rules.lines) else line
                for name in rule.when + rule.unless:
                    if name not in concepts:
                        problems.append(Problem(rline, f"{section}.{label}: понятие «{name}» не описано в "
                                                       "concepts" + hint(name, concepts)))
                if rule.need is not None and section != "urgency":
                    problems.append(Problem(rline, f"{section}.{label}: поле need бывает только у правил срочности"))
                elif rule.need is not None and rule.need not in NEEDS:
                    problems.append(Problem(rline, f"{section}.{label}: need «{rule.need}» — неизвестная нужда"
                                                   + hint(rule.need, NEEDS)))
                if rule.calms != "all" and (section, label) != ("urgency", "normal"):
                    problems.append(Problem(rline, f"{section}.{label}: поле calms бывает только у правил normal"))
                if rule.asked and section != "needs":
                    problems.append(Problem(rline, f"{section}.{label}: поле asked бывает только у правил нужд"))
                if rule.unless_within is not None and (section, label) != ("urgency", "crisis"):
                    problems.append(Problem(rline, f"{section}.{label}: поле unless_within бывает только у правил "
                                                   "кризиса (у остальных исключение действует во всём рассказе)"))
    raw_defaults = data.get("default_needs")
    for label, needs in rules.default_needs.items():
        line = raw_defaults.lines.get(label, 1) if isinstance(raw_defaults, LineDict) else 1
        if label not in CATEGORIES:
            problems.append(Problem(line, f"default_needs: «{label}» — неизвестная категория" + hint(label, CATEGORIES)))
        for need in needs:
            if need not in NEEDS:
                problems.append(Problem(line, f"default_needs: «{need}» — неизвестная нужда" + hint(need, NEEDS)))
    raw_concepts = data.get("concepts")
    for name, concept in rules.concepts.items():
        line = raw_concepts.lines.get(name, 1) if isinstance(raw_concepts, LineDict) else 1
        if concept.negation != "none" and concept.negation not in rules.negation:
            kinds = [*rules.negation, "none"]
            problems.append(Problem(line, f"понятие «{name}»: набор отрицаний «{concept.negation}» не описан "
                                          f"в negation; есть: {', '.join(kinds)}" + hint(concept.negation, kinds)))
        for nearby in (*concept.unless, concept.followed_by):
            for other in (nearby.concepts if nearby else []):
                if other not in concepts:
                    problems.append(Problem(line, f"понятие «{name}»: «{other}» не описано в concepts"
                                                  + hint(other, concepts)))
        for other in concept.phrases_of:
            if other not in concepts:
                problems.append(Problem(line, f"понятие «{name}»: phrases_of — «{other}» не описано в concepts"
                                              + hint(other, concepts)))
        for phrase in concept.phrases:
            if "*" in phrase and word_part(phrase) is None:
                problems.append(Problem(line, f"понятие «{name}»: «{phrase}» — звёздочка ставится только в начале "
                                              "или в конце одного слова из 4 и более букв: «онко*», «*бластома»"))
            elif not words(phrase):
                problems.append(Problem(line, f"понятие «{name}»: пустая фраза «{phrase}»"))


def parse_rules(text: str, path: str = "<rules>") -> Ruleset:
    problems: list[Problem] = []
    data = read(text, problems)
    if data is None and not problems:
        problems.append(Problem(1, "файл пуст"))
    if problems or not isinstance(data, LineDict):
        if not problems:
            problems.append(Problem(1, "файл должен состоять из разделов concepts, categories, needs, urgency"))
        raise RulesInvalid(path, problems)
    try:
        rules = RulesFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(line_of(data, err["loc"], 1), explain(err, RulesFile.model_fields)))
        raise RulesInvalid(path, problems)
    _check_refs(data, rules, problems)
    if problems:
        raise RulesInvalid(path, problems)
    own = {name: [(phrase_lemmas(p), p) for p in c.phrases if "*" not in p] for name, c in rules.concepts.items()}
    # «сыну двенадцать» is a child and a child's stated age: written once, found by both
    compiled = {name: own[name] + [pair for other in c.phrases_of for pair in own[other]]
                for name, c in rules.concepts.items()}
    parts = [(*word_part(p), name) for name, c in rules.concepts.items() for p in c.phrases if "*" in p]
    negation = {name: ([phrase_lemmas(p) for p in n.before], [phrase_lemmas(p) for p in n.after], n.window, n.over_verb)
                for name, n in rules.negation.items()}
    vocabulary = {lem for plist in compiled.values() for lemmas, _ in plist for lem in lemmas}
    held = {lem for before, after, _, _ in negation.values() for p in before + after for lem in p}
    return Ruleset(rules, compiled, negation, vocabulary, path, parts, aliases(rules, vocabulary),
                   held | set(rules.glue) | set(rules.boundary))


def aliases(rules: RulesFile, vocabulary: set[str]) -> dict[str, str]:
    """A phrase word is held as its first reading's lemma, which is sometimes another word: «порок»
    is held as «порка» (genitive plural). A story's «с пороком» reads as «порок»; so that it matches,
    the reading as written is mapped to the lemma the rules hold — unless the rules use it as a word."""
    out: dict[str, str] = {}
    for concept in rules.concepts.values():
        for phrase in concept.phrases:
            if "*" not in phrase:
                for w in words(phrase):
                    held = lemma(w)
                    for other in readings_as_written(w) - {held} - vocabulary:
                        out.setdefault(other, held)
    return out


def repeats(rules: Ruleset) -> list[str]:
    """Phrases that say again what another phrase of the same concept says (word forms don't
    matter: «памперсы» repeats «памперс») — harmless, but they make the file longer to read."""
    notes = []
    for name, concept in rules.source.concepts.items():
        first: dict[object, str] = {}
        for phrase in concept.phrases:
            key = phrase if "*" in phrase else phrase_lemmas(phrase)
            if key in first:
                notes.append(f"понятие «{name}»: «{phrase}» повторяет «{first[key]}» (формы слов уже учитываются)")
            else:
                first[key] = phrase
    return notes


def load_rules(path: str | Path) -> Ruleset:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesInvalid(str(path), [Problem(1, "файл не найден")])
    return parse_rules(text, str(path))
