"""Russian transcript text as the rules see it: lower-case lemmas, fillers dropped, ASR damage mended.

Vosk writes lower-case words without punctuation and sometimes splits or mishears a word
("он ко логия", "д ц п"). Words are lemmatised with pymorphy3 (cached); runs of single letters are
joined; pieces whose concatenation is a word the rules know are merged; an unknown long word close
to a known one (one or two letters off) is read as that word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

_WORD = re.compile(r"[а-яa-z0-9]+")
_morph = None


def _analyzer():
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,6})(?![0-9])(?:-?(?:й|я|ая|ой|ый|ий|ю|ую|ей|го|е))?(?=(\s+гр)?)")


def _spoken(m: re.Match) -> str:
    """«45» -> «сорок пять», «2-я» and «2 группа» -> «второй»: typed text read as Vosk writes it."""
    from num2words import num2words

    ordinal = m.group(0) != m.group(1) or m.group(2) is not None
    return num2words(int(m.group(1)), lang="ru", to="ordinal" if ordinal else "cardinal")


def normalise(text: str) -> str:
    text = text.lower().replace("ё", "е")
    return _NUMBER.sub(_spoken, text) if any(ch.isdigit() for ch in text) else text


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form — except pronouns, which keep their own: «у меня сын» is not «я сын»."""
    if not word.isalpha():
        return word
    parse = _analyzer().parse(word)[0]
    if parse.tag.POS == "NPRO":
        return word
    if not parse.is_known and len(parse.normal_form) <= 3 and parse.normal_form != word:
        return word   # a guess from an unknown word's ending: «свам» (heard for «с вам») is not a form of «сво»
    return parse.normal_form.replace("ё", "е")


@lru_cache(maxsize=50_000)
def readings_as_written(word: str) -> frozenset[str]:
    """Dictionary forms of the readings in which the word is already in its dictionary form:
    «порок» is «порок» itself (nominative), though its first reading is «порка» (genitive plural)."""
    if not word.isalpha():
        return frozenset()
    return frozenset(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word)
                     if p.word.replace("ё", "е") == p.normal_form.replace("ё", "е"))


@lru_cache(maxsize=200_000)
def is_verb(word: str) -> bool:
    return word.isalpha() and _analyzer().parse(word)[0].tag.POS in ("VERB", "INFN", "PRTS")


@lru_cache(maxsize=200_000)
def transitive(word: str) -> bool:
    """A verb that takes a direct object («дали группу»); «не ходит, инвалидность есть» — «ходит» takes none."""
    return word.isalpha() and "tran" in _analyzer().parse(word)[0].tag


@lru_cache(maxsize=200_000)
def nominative_only(word: str) -> bool:
    """Every reading is a nominative («вторая», «группа»): the subject of a new clause, never the
    object of a verb before it («глаза не видят, вторая группа у меня»; «не дали вторую группу»)."""
    cases = {p.tag.case for p in _analyzer().parse(word)} if word.isalpha() else set()
    return cases == {"nomn"}


@lru_cache(maxsize=50_000)
def never_genitive(word: str) -> bool:
    """No reading is a genitive: after «нет» it cannot be what is missing («нет денег»), so the «нет»
    closes what came before («инвалидности нет, дом сгорел», «инвалидности ни у кого нет, все здоровы»)."""
    return word.isalpha() and not any(p.tag.case in ("gent", "gen2") for p in _analyzer().parse(word))


_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})


_FIRST_ONLY = _FUNCTION_WORDS | {"ADVB", "PRED"}   # words whose other readings are far-fetched
_DERIVED = frozenset({"PRTF", "PRTS", "GRND", "COMP"})


@lru_cache(maxsize=50_000)
def other_readings(word: str) -> tuple[str, ...]:
    """Dictionary forms of the word's other readings that pymorphy3 finds at least half as likely as its
    first. Its first is often a coin toss: «выпью» is the bird «выпь» or «выпить», «спала» «спасть» or
    «спать», «держу» «дерзить» or «держать» (0.5 each). Not for adverbs and function words, whose
    other readings are mostly far-fetched («больно» -> «больной», «скорее» -> «скорый»); nor for readings as
    a participle, gerund or comparative («убитая хата» is worn out, not «убить»)."""
    if not word.isalpha():
        return ()
    first, *rest = _analyzer().parse(word)
    if first.tag.POS in _FIRST_ONLY:
        return ()
    return tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in rest
                               if p.score >= first.score / 2 and p.tag.POS not in _DERIVED))


@lru_cache(maxsize=200_000)
def content_word(word: str) -> bool:
    """Not a preposition, conjunction, particle, interjection or pronoun."""
    return word.isalpha() and _analyzer().parse(word)[0].tag.POS not in _FUNCTION_WORDS


@lru_cache(maxsize=200_000)
def known(word: str) -> bool:
    return word.isalpha() and _analyzer().parse(word)[0].is_known


_SOUND = str.maketrans({"о": "а", "е": "и", "э": "и", "ы": "и", "я": "и", "ё": "и", "ю": "у", "б": "п",
                        "в": "ф", "г": "к", "д": "т", "ж": "ш", "з": "с", "щ": "ш", "ц": "с", "й": "и",
                        "ь": None, "ъ": None})


def sound(word: str) -> str:
    """How a word sounds, roughly: unstressed vowels merge (о/а, е/и/я), voiced consonants are
    heard as voiceless (д/т, з/с, ж/ш), soft signs vanish, doubled letters are one — the
    confusions a recogniser makes most. «жидь» and «жить» sound alike; «свит» and «свет» too."""
    out = word.translate(_SOUND)
    return "".join(ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1])


@dataclass(frozen=True)
class Token:
    word: str    # as heard (after mending)
    lemma: str


_VOWELS = frozenset("аеёиоуыэюя")
_ONE_LETTER_WORDS = frozenset("авикосуяжэ")   # «а я с ним»: real words (and «э», a hesitation), not letters of a spelling


# Letters said by name, as abbreviations are spoken: «мэ эс э» is МСЭ, «дэ цэ пэ» ДЦП. Only names no word
# or hesitation shares («ка», «ха», «че», «ша» are words, «эм» a hesitation); read as letters only beside another.
_LETTER_NAMES = {"бэ": "б", "вэ": "в", "гэ": "г", "дэ": "д", "жэ": "ж", "зэ": "з", "эл": "л", "эль": "л",
                 "мэ": "м", "эн": "н", "нэ": "н", "пэ": "п", "эр": "р", "рэ": "р", "эс": "с", "сэ": "с",
                 "тэ": "т", "эф": "ф", "фэ": "ф", "цэ": "ц"}


def _join_spelled(ws: list[str], known_word=lambda w: False) -> list[str]:
    """'д ц п' -> 'дцп', 'с в о' -> 'сво', 'мэ эс э' -> 'мсэ': letter-by-letter spellings of abbreviations.
    A run of one-letter words («а я с ним») is joined only where it spells a word the caller knows
    (`known_word`); leading one-letter words stay apart («с д ц п» -> 'с', 'дцп'); a letter's name
    alone stays the word it was heard as."""
    def settle(run: list[str]) -> list[str]:
        said = [_LETTER_NAMES.get(w, w) for w in run]
        letters = [i for i, ch in enumerate(said) if ch not in _ONE_LETTER_WORDS]
        first, last = (letters[0], letters[-1] + 1) if letters else (len(said), 0)
        for size in range(len(said), 1, -1):     # the longest known spelling, words around it apart
            for k in range(0, len(said) - size + 1):
                if k <= first and k + size >= last and known_word("".join(said[k:k + size])):
                    return run[:k] + ["".join(said[k:k + size])] + run[k + size:]
        if last - first >= 2:
            return run[:first] + ["".join(said[first:last])] + run[last:]
        return run

    out: list[str] = []
    run: list[str] = []
    for w in ws + [""]:
        if (len(w) == 1 and w.isalpha()) or w in _LETTER_NAMES:
            run.append(w)
            continue
        out.extend(settle(run))
        run = []
        if w:
            out.append(w)
    return out


def _respelled(word: str) -> str:
    """The word as it is spelled when it is written as it sounds: «учица» is «учиться», «задыхаеца»
    «задыхается», «доч» «дочь». Only a spelling the dictionary knows is taken."""
    tries = [word + "ь"]
    if word.endswith("ца"):
        tries += [word[:-2] + "тся", word[:-2] + "ться"]
    return next((t for t in tries if known(t)), word)


_CHILD_AGES = frozenset({"год", "годик", "полтора", "два", "две", "три", "четыре", "пять", "шесть", "семь", "восемь",
                          "девять", "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
                          "пятнадцать", "шестнадцать", "семнадцать"})
_BEFORE_AGE = frozenset({"скоро", "уже", "почти", "всего", "только", "исполнилось", "исполняется"})
_COUNTED = frozenset({"раз", "час", "день", "неделя", "месяц", "километр", "рубль", "тысяча", "процент", "минута",
                      "этаж", "таблетка", "укол", "сутки", "штука", "назад"})


def _named_child(tokens: list[Token], k: int, vocabulary: frozenset[str]) -> bool:
    """«Серёже восемь», «Кириллу скоро два»: someone named, in the dative, with a child's age after —
    a child, though the rules know no names. A word the rules know («сыну», «врачу») is read as it is;
    «мастеру два раза» counts something else."""
    t = tokens[k]
    if t.lemma in vocabulary or not known(t.word):
        return False
    j = k + 1
    while j < len(tokens) and tokens[j].word in _BEFORE_AGE:
        j += 1
    if j >= len(tokens) or tokens[j].word not in _CHILD_AGES:
        return False
    if j + 1 < len(tokens) and tokens[j + 1].lemma in _COUNTED:
        return False
    return any(p.tag.case == "datv" and ("Name" in p.tag or {"NOUN", "anim"} in p.tag)
               for p in _analyzer().parse(t.word))


_CONCESSIVE = frozenset({"как", "сколько", "что", "где", "куда", "кто", "когда", "чего", "откуда"})


def _heard_for_ne(tokens: list[Token], k: int) -> bool:
    """An unstressed «не» sounds «ни»: «говорить ни может» is «не может». A «ни» right before a verb is
    read as «не» unless a question word makes it concessive («как ни старался»)."""
    return (tokens[k].word == "ни" and k + 1 < len(tokens) and is_verb(tokens[k + 1].word)
            and (k == 0 or tokens[k - 1].word not in _CONCESSIVE))


_NEEDS_ZA = frozenset({"ухаживать", "присматривать", "следить"})


def _za_lost(tokens: list[Token], k: int) -> bool:
    """«ухаживаю мамой»: the short «за» these verbs always take was lost by the recogniser — a noun in the
    instrumental right after one of them is what the caller cares for, not who cares («ухаживает мама»)."""
    if tokens[k].lemma not in _NEEDS_ZA or k + 1 >= len(tokens):
        return False
    parse = _analyzer().parse(tokens[k + 1].word)[0]
    return parse.tag.POS == "NOUN" and parse.tag.case == "ablt"


class Lemmatiser:
    """Turns transcripts into tokens, knowing the vocabulary of the rules it serves."""

    def __init__(self, vocabulary: Iterable[str], fillers: Iterable[str], aliases: dict[str, str] | None = None,
                 spoken: dict[str, str] | None = None, held_elsewhere: Iterable[str] = ()):
        self.vocabulary = frozenset(vocabulary)
        self.held_elsewhere = frozenset(held_elsewhere)   # negation, glue, boundary words keep their reading
        self.aliases = aliases or {}   # another reading of a rules' word -> the lemma the rules hold it as
        self._long_words: dict[str, list[str]] = {}
        for w in sorted(self.vocabulary):
            if len(w) >= 6:  # bucketed by first letter: recognisers rarely mishear the first sound
                self._long_words.setdefault(w[0], []).append(w)
        self.fillers = frozenset(fillers)
        self.spoken = {normalise(k): normalise(v) for k, v in (spoken or {}).items()}   # «чё» -> «что»
        self._fuzzy = lru_cache(maxsize=50_000)(self._fuzzy_uncached)
        self._sounds: dict[str, str] | None = None   # built on first need: ~0.2 s

    def prepare(self) -> None:
        """Build what is otherwise built on first need (so no caller's hang-up waits for it)."""
        self._sound_index()

    def _sound_index(self) -> dict[str, str]:
        """Every form of every vocabulary word, and the form cut short by its last sound, keyed by how it
        sounds -> its lemma; a sound two different lemmas share is left out (never guess between). A whole
        form's sound outranks a cut one: «сирата» is «сирота», not «сироток» cut short."""
        if self._sounds is None:
            whole: dict[str, str | None] = {}
            cut: dict[str, str | None] = {}
            morph = _analyzer()
            for lem in self.vocabulary:
                forms = {f.word.replace("ё", "е") for p in morph.parse(lem) if p.normal_form.replace("ё", "е") == lem
                         for f in p.lexeme} or {lem}
                for form in forms:
                    key = sound(form)
                    for index, k in ((whole, key), (cut, key[:-1])):
                        if len(k) >= 3:
                            index[k] = lem if index.get(k, lem) == lem else None
            self._sounds = {k: v for k, v in {**cut, **whole}.items() if v is not None}
        return self._sounds

    def _heard_as(self, word: str) -> str | None:
        """The vocabulary's word an unknown word of up to ten letters sounds exactly like («жидь» -> «жить»,
        «проглатил» -> «проглотил»: on 15 % simulated damage of dev, 26 stories better and 3 worse than
        with eight letters). Longer words are left to the spelling match: an unknown long word is more
        often a real word missing from the dictionary («онкогематологии») than a misheard one."""
        return self._sound_index().get(sound(word)) if 4 <= len(word) <= 10 and not known(word) else None

    def _fuzzy_uncached(self, word: str) -> str | None:
        """The rules' word this unknown word was probably misheard from. A misheard word keeps its
        length (±1 letter), as heard and as lemmatised: «спастика» is not «спасти»."""
        lem = lemma(word)
        near = [w for w in self._long_words.get(lem[:1], [])
                if abs(len(w) - len(lem)) <= 1 and abs(len(w) - len(word)) <= 1]
        close = difflib.get_close_matches(lem, near, n=1, cutoff=0.84)
        return close[0] if close else None

    def _as_vocabulary(self, word: str) -> str | None:
        lem = lemma(word)
        if lem in self.vocabulary:
            return lem
        if len(word) >= 7 and not known(word):
            return self._fuzzy(word)
        return None

    def _rules_lemma(self, word: str) -> str:
        """The lemma as the rules hold it; where pymorphy3's first reading is no rules' word but an
        almost as likely one is, that one («выпью все таблетки» is «выпить», not the bird «выпь»)."""
        lem = lemma(word)
        lem = self.aliases.get(lem, lem)
        if lem in self.vocabulary or lem in self.held_elsewhere:
            return lem
        return next((other for other in other_readings(word) if other in self.vocabulary), lem)

    def _split_word(self, ws: list[str], i: int) -> tuple[int, Token] | None:
        """A word the recogniser split, starting at ws[i]: "он ко логия", "ин сульт", "лей коз", "подъем ные"."""
        pieces = [ws[i:i + size] for size in (3, 2) if i + size <= len(ws)]
        pieces = [p for p in pieces if not all(lemma(w) in self.vocabulary for w in p)
                  and not all(len(w) <= 2 and known(w) for w in p)   # «мы же не можем» is not «жене»
                  and not (p[-1] in ("не", "ни") and all(known(w) for w in p[:-1]))]   # «хоть вой не с кем» is not «войне»
        if not pieces:
            return None
        if len(ws[i]) >= 5 and lemma(ws[i]) in self.vocabulary and known(ws[i + 1]):
            return None   # a whole word the rules know is not the start of a split one («соцработник к ней»)
        for piece in pieces:   # a whole word first, of either size: «инвали ду нам» is «инвалиду», not «инвалидный»
            joined = "".join(piece)
            if lemma(joined) in self.vocabulary:
                return len(piece), Token(joined, lemma(joined))
        for piece in pieces:
            joined = "".join(piece)
            # a near miss is trusted only when a piece is not a word at all ("от ко логия"), or
            # when the pieces sound exactly like a rules' word ("пра лежни" -> "пролежни"), the first
            # is not a whole word of five letters or more («отказ от» is not «отказать») and none is
            # a rules' word already («я инвалид но» is not «инвалидно»)
            # («на очном» is not «ночном»: two vowels meeting at the seam merge only in the rough sound)
            found = self._as_vocabulary(joined) if any(not known(p) for p in piece) else \
                self._sound_index().get(sound(joined)) if len(joined) >= 7 and len(piece[0]) < 5 and \
                not any(len(p) >= 4 and lemma(p) in self.vocabulary for p in piece) and \
                not any(a[-1] in _VOWELS and b[0] in _VOWELS for a, b in zip(piece, piece[1:])) else None
            if found is not None:
                return len(piece), Token(joined, found)
        return None

    def tokens(self, text: str) -> list[Token]:
        ws = [self.spoken.get(w, w) for w in words(text)]
        ws = [w for w in _join_spelled(ws, lambda w: lemma(w) in self.vocabulary) if w not in self.fillers]
        out: list[Token] = []
        i = 0
        while i < len(ws):
            merged = self._split_word(ws, i)
            if merged is not None:
                out.append(merged[1])
                i += merged[0]
                continue
            w = ws[i]
            if not known(w):
                w = _respelled(w)
            lem = self._rules_lemma(w)
            if lem not in self.vocabulary and not known(w):
                lem = (self._fuzzy(w) if len(w) >= 7 else None) or self._heard_as(w) or lem
            out.append(Token(w, lem))
            i += 1
        mended = [Token(t.word, "не") if _heard_for_ne(out, k)
                  else Token(t.word, "ребенок") if _named_child(out, k, self.vocabulary) else t
                  for k, t in enumerate(out)]
        return [t for k, token in enumerate(mended)
                for t in ((token, Token("за", "за")) if _za_lost(mended, k) else (token,))]
