"""The statistical second opinion: it adds what it is sure of, says so, and never removes a rule's finding."""

import json
from pathlib import Path

import numpy as np
import pytest

from classification.classifier import Classifier
from classification.evaluate import near_repeats, read_jsonl
from classification.learning import as_jsonl
from classification.model import Embeddings, Limits, StoryModel, embeddings, features_text, mender, model_for
from classification.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules(ROOT / "classification" / "rules.yaml")

# A made-up world where "огонь в сарае" stories are crises, "гармошка" stories need "other" and
# come from orphanage graduates, and "справка" stories need benefits.
TOY = (
    [{"text": f"у нас огонь в сарае {w}", "category": "other", "needs": ["other"], "urgency": "crisis"} for w in
     ("прямо сейчас", "горит всё", "дым идёт", "соседи кричат", "пламя")] +
    [{"text": f"хочу гармошку {w}", "category": "orphanage_graduate", "needs": ["other"], "urgency": "normal"}
     for w in ("для внука", "на праздник", "старую починить", "купить", "в клуб")] +
    [{"text": f"нужна справка {w}", "category": "other", "needs": ["benefits"], "urgency": "normal"} for w in
     ("в мфц", "о доходах", "для пособия", "о составе семьи", "для пенсии")]
)


@pytest.fixture(scope="module")
def vectors() -> Embeddings:
    found = embeddings()
    assert found is not None, "the natasha package (requirements-data.txt) must be installed"
    return found


@pytest.fixture(scope="module")
def toy(vectors) -> StoryModel:
    return StoryModel.train(TOY, vectors)


def test_the_model_raises_a_crisis_the_rules_missed_and_names_it(toy):
    text = "огонь в сарае"
    assert Classifier(RULES).classify(text).urgency == "normal"
    result = Classifier(RULES, toy, Limits(crisis=0.6)).classify(text)
    assert result.urgency == "crisis"
    said = [e for e in result.evidence if e.source == "model" and e.label == "crisis"]
    assert said and said[0].weight >= 0.6 and {"огонь", "сарай"} & set(said[0].phrases)


def test_a_caller_ruling_danger_out_stops_the_models_crisis_but_not_a_rules_one(toy):
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    calm = model.classify("огонь в сарае но вы не думайте я с собой ничего не сделаю")
    assert calm.urgency == "normal"
    assert [e.why for e in calm.evidence if e.label == "normal"] == ["звонящий говорит, что угрозы жизни нет"]
    said = model.classify("огонь в сарае у нас пожар в доме я с собой ничего не сделаю")
    assert said.urgency == "crisis" and said.crisis_said


def test_not_wanting_to_die_is_not_the_models_crisis(toy):
    """«не хочу я здесь умирать, только бы на улицу выйти»: a wish to live, said by a woman kept indoors."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("огонь в сарае не хочу я здесь умирать").urgency == "normal"


def test_a_cool_flat_is_not_the_models_crisis(toy):
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    cool = model.classify("огонь в сарае а в комнатах не выше восемнадцати градусов")
    assert cool.urgency == "normal"
    assert [e.why for e in cool.evidence if e.label == "normal"] == ["в доме прохладно, но не мороз"]


def test_a_question_about_what_to_do_if_it_happens_is_not_the_models_crisis(toy):
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("огонь в сарае").urgency == "crisis"
    assert model.classify("что делать если начнется огонь в сарае").urgency == "normal"


def test_a_near_miss_is_not_the_models_crisis(toy):
    """«чуть не» tells it did not happen: «огонь в сарае чуть не перекинулся», the fire stayed out there."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("огонь в сарае чуть не перекинулся на дом").urgency == "normal"


def test_an_attack_told_as_over_is_not_the_models_crisis(toy):
    """«вчера было двести, сейчас сто сорок»: the caller tells it has eased; a crisis rule would still win."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("вчера был огонь в сарае сейчас уже лучше").urgency == "normal"
    assert model.classify("вчера у отца давление было двести а сейчас сто сорок огонь в сарае").urgency == "normal"



def test_a_child_behind_in_development_is_not_the_models_crisis(toy):
    """«скоро два, не ползает, не сидит»: a parent tells of a delay; words like «не сидит, не говорит»
    resemble a collapse, but a baby's milestones are not an emergency (a crisis rule would still win)."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("огонь в сарае кириллу скоро два он не ползает").urgency == "normal"
    assert model.classify("огонь в сарае сыну три он не сидит").urgency == "normal"
    assert model.classify("огонь в сарае папа не сидит").urgency == "crisis"   # an adult: no milestone here

# …and where a broken «баян» is serious soon (`high`).
HIGH = [{"text": f"баян сломался {w}", "category": "other", "needs": ["other"], "urgency": "high"} for w in
        ("вчера", "совсем", "опять", "у деда", "в клубе")]


def test_the_model_raises_a_normal_story_to_high_and_names_why(vectors):
    text = "баян сломался"
    assert Classifier(RULES).classify(text).urgency == "normal"
    model = StoryModel.train(TOY + HIGH, vectors)
    result = Classifier(RULES, model, Limits(high=0.5)).classify(text)
    assert result.urgency == "high"
    said = [e for e in result.evidence if e.source == "model" and e.label == "high"]
    assert said and said[0].weight >= 0.5 and "баян" in said[0].phrases
    assert Classifier(RULES, model, Limits(high=1.01)).classify(text).urgency == "normal"
    # a caller ruling danger out stops it, and it never lowers a crisis
    assert Classifier(RULES, model, Limits(high=0.5)).classify(f"{text} я с собой ничего не сделаю").urgency == "normal"
    assert Classifier(RULES, model, Limits(high=0.5)).classify(f"{text} огонь в сарае").urgency == "crisis"


def test_a_fall_she_got_up_from_stops_the_models_crisis_but_not_its_high(vectors):
    """«упала, сама поднялась»: the fall is over, so resembling emergencies does not make it one; but an old
    woman who falls may need help within days — a `normal` rule marked `calms: crisis` stops only the crisis."""
    clf = Classifier(RULES, StoryModel.train(TOY + HIGH, vectors), Limits(crisis=0.6, high=0.5))
    assert clf.classify("бабушка упала огонь в сарае").urgency == "crisis"
    assert clf.classify("бабушка упала сама поднялась огонь в сарае").urgency == "normal"
    assert clf.classify("бабушка упала сама поднялась баян сломался").urgency == "high"
    assert clf.classify("бабушка упала сама встать не может").urgency == "crisis"   # she did not get up


def test_a_fear_left_by_a_past_trouble_stops_the_models_crisis(vectors):
    """«пожар был год назад, дочка до сих пор боится»: the words of the fire are there, the fire is not."""
    clf = Classifier(RULES, StoryModel.train(TOY + HIGH, vectors), Limits(crisis=0.6, high=0.5))
    assert clf.classify("год назад огонь в сарае дочка боится").urgency == "crisis"
    assert clf.classify("год назад огонь в сарае дочка до сих пор боится").urgency == "normal"


def test_a_panic_attack_the_caller_knows_is_not_the_models_crisis_but_is_urgent(toy):
    """«приступ паники, я знаю, что это не сердце»: the fear of dying is the attack itself; someone should
    talk to them now (a rule's `high`), but resembling emergencies does not make it one."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("огонь в сарае").urgency == "crisis"
    assert model.classify("у меня сейчас приступ паники огонь в сарае").urgency == "high"


def test_a_trouble_still_ahead_is_not_the_models_crisis(toy):
    """«ингалятор кончился, сейчас пока дышу, но ночью начнёт душить»: the trouble is ahead, not now."""
    model = Classifier(RULES, toy, Limits(crisis=0.6))
    assert model.classify("сейчас пока дышу огонь в сарае").urgency != "crisis"


def test_a_model_that_never_saw_a_high_story_never_says_high(toy):
    assert toy.opinion("баян сломался").high < 1e-6
    assert Classifier(RULES, toy, Limits(high=0.01)).classify("баян сломался").urgency == "normal"


def test_the_model_names_needs_where_no_rule_did_and_only_adds_otherwise(toy):
    rules_only = Classifier(RULES).classify("гармошка")
    assert rules_only.needs_guessed
    assert Classifier(RULES, toy, Limits(guess=0.5)).classify("гармошка").needs == ["other"]
    text = "нужен пандус гармошка"
    found = Classifier(RULES).classify(text).needs
    both = Classifier(RULES, toy, Limits(need=0.5)).classify(text).needs
    assert set(found) <= set(both)


def test_the_model_does_not_add_back_a_need_the_caller_said_is_not_wanted(toy):
    for text in ("справки не нужны нужен пандус", "со справками всё в порядке нужен пандус"):
        assert Classifier(RULES).classify(text).needs == ["accessible_environment"]
        assert Classifier(RULES, toy, Limits(need=0.5)).classify(text).needs == ["accessible_environment"]
    assert "benefits" in Classifier(RULES, toy, Limits(need=0.5)).classify("нужен пандус и справка").needs


def test_the_model_does_not_name_a_category_the_rules_ruled_out(toy):
    model = Classifier(RULES, toy, Limits(category=0.4))
    result = model.classify("гармошка в клуб я работала воспитателем в детском доме")
    assert {"concept": "orphan", "phrase": "детском доме", "reason": "исключение рядом"} in result.ignored
    assert result.category == "other"


def test_a_need_named_in_passing_that_the_model_finds_unlikely_is_set_aside_and_shown(toy):
    text = "нужна справка о доходах и нужен юрист"
    assert Classifier(RULES).classify(text).needs == ["benefits", "other"]
    result = Classifier(RULES, toy, Limits(doubt=0.1)).classify(text)
    assert result.needs == ["benefits"]
    assert {"concept": "other", "phrase": "юрист",
            "reason": "по сходству с размеченными рассказами эта нужда маловероятна"} in result.ignored
    assert not [e for e in result.evidence if e.label == "other"]
    # the last need standing is never set aside, and a caller's menu choice never is
    assert Classifier(RULES, toy, Limits(doubt=1.0)).classify(text).needs == ["benefits", "other"]
    assert "other" in Classifier(RULES, toy, Limits(doubt=0.1)).classify(text, {"needs": ["other"]}).needs


def test_a_need_the_caller_asked_for_stands_however_unlikely_the_model_finds_it(toy):
    doubtful = Classifier(RULES, toy, Limits(doubt=0.3))
    asked, in_passing = ("хочу гармошку в клуб нужен юрист и прошу оформить пособие",
                         "хочу гармошку в клуб нужен юрист а пособие маленькое")
    assert any(e.asked for e in Classifier(RULES).classify(asked).evidence if e.label == "benefits")
    assert toy.opinion(asked).needs["benefits"] < 0.3 and toy.opinion(in_passing).needs["benefits"] < 0.3
    assert doubtful.classify(asked).needs == ["benefits", "other"]
    assert doubtful.classify(in_passing).needs == ["other"]


def test_the_model_names_a_category_only_where_no_rule_named_one(toy):
    assert Classifier(RULES).classify("гармошка в клуб").category == "other"
    result = Classifier(RULES, toy, Limits(category=0.4)).classify("гармошка в клуб")
    assert result.category == "orphanage_graduate" and result.story_category == "orphanage_graduate"
    said = result.evidence[0]
    assert said.source == "model" and said.label == "orphanage_graduate" and "гармошка" in said.phrases
    # a category a rule found stays, whatever the model thinks
    assert Classifier(RULES, toy, Limits(category=0.01)).classify("гармошка сын с дцп").category == \
        "parent_of_disabled_child"


def test_the_model_is_not_consulted_below_its_thresholds(toy):
    strict = Classifier(RULES, toy, Limits(need=1.0, guess=1.0, crisis=1.0, category=1.0))
    assert strict.classify("огонь в сарае").urgency == "normal"
    assert all(e.source == "rules" for e in strict.classify("огонь в сарае нужен пандус").evidence)


def test_its_arithmetic_is_sklearns(toy, vectors):
    """The hand-rolled features (for speed) give the probabilities sklearn's own pipeline would."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    reader = mender(r["text"] for r in TOY)
    texts = [features_text(r["text"], reader) for r in TOY]
    union = FeatureUnion([("w", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                          ("c", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))])
    def with_vectors(x, raw):
        return sparse.hstack([x, np.vstack([vectors.of(t)[0] for t in raw])]).tocsr()

    x = with_vectors(union.fit_transform(texts), [r["text"] for r in TOY])
    crisis = LogisticRegression(C=10, class_weight="balanced", max_iter=3000).fit(x, [r["urgency"] == "crisis" for r in TOY])
    benefits = LogisticRegression(C=10, max_iter=3000).fit(x, ["benefits" in r["needs"] for r in TOY])
    who = LogisticRegression(C=10, max_iter=3000).fit(x, [r["category"] for r in TOY])
    for text in ("огонь горит", "справка для внука", "сарай и гармошка в мфц", "пламя"):
        features = with_vectors(union.transform([features_text(text, reader)]), [text])
        assert toy.opinion(text).crisis == pytest.approx(crisis.predict_proba(features)[0, 1], abs=1e-9)
        assert toy.opinion(text).needs["benefits"] == pytest.approx(benefits.predict_proba(features)[0, 1], abs=1e-9)
        expected = dict(zip(who.classes_, who.predict_proba(features)[0]))
        assert toy.opinion(text).category == pytest.approx(expected, abs=1e-9)


def test_nothing_to_read_gives_no_opinion(toy):
    assert toy.opinion("") is None and toy.opinion("   ...  ") is None


def test_word_vectors_carry_it_to_words_no_labelled_story_used(toy, vectors):
    """«пожар» and «гараж» are in no toy story; the vectors know they sit near «огонь» and «сарай»."""
    without = StoryModel.train(TOY)
    unseen = "пожар в гараже"
    assert toy.opinion(unseen).crisis > without.opinion(unseen).crisis + 0.15
    assert toy.opinion("нужен документ в мфц").needs["benefits"] > toy.opinion(unseen).needs["benefits"]
    assert toy.opinion(unseen).words("crisis") == ["пожар", "гараж"]


def test_without_the_vectors_package_the_model_still_works_and_says_so(monkeypatch, tmp_path, caplog):
    import importlib.util
    import classification.model as model_module

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(model_module, "_embeddings", {})
    data = tmp_path / "d.jsonl"
    data.write_text(as_jsonl(TOY), encoding="utf-8")
    model = model_for([data], tmp_path / "instance")
    assert model.vectors is None and model.opinion("огонь в сарае").crisis > 0.5
    assert "word vectors not found" in caplog.text


def test_training_is_deterministic_and_cached(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(as_jsonl(TOY), encoding="utf-8")
    first = model_for([data])
    assert model_for([data]) is first
    again = StoryModel.train(TOY, first.vectors)
    assert np.array_equal(again.weights, first.weights)


def test_a_restarted_process_loads_the_kept_model_and_it_answers_the_same(tmp_path, toy):
    import classification.model as model_module

    data = tmp_path / "d.jsonl"
    data.write_text(as_jsonl(TOY), encoding="utf-8")
    trained = model_for([data], tmp_path / "instance")
    assert len(list((tmp_path / "instance").glob("classification-model-*.npz"))) == 1
    model_module._cache.clear()                                   # as if the process restarted
    loaded = model_for([data], tmp_path / "instance")
    assert loaded is not trained and loaded.seen == trained.seen and loaded.needs == trained.needs
    for text in ("огонь в сарае", "справка для внука", "гармошка"):
        a, b = trained.opinion(text), loaded.opinion(text)
        assert a.needs == b.needs and a.crisis == b.crisis and a.words("crisis") == b.words("crisis")
        assert a.category == b.category
    (next((tmp_path / "instance").glob("*.npz"))).write_bytes(b"garbage")
    model_module._cache.clear()
    assert model_for([data], tmp_path / "instance").opinion("огонь").crisis == trained.opinion("огонь").crisis
    data.write_text(data.read_text(encoding="utf-8") + json.dumps(TOY[0], ensure_ascii=False) + "\n", encoding="utf-8")
    model_for([data], tmp_path / "instance")                      # new data, new model: the old file goes
    assert len(list((tmp_path / "instance").glob("classification-model-*.npz"))) == 1


def test_eval_warns_when_the_model_learnt_from_the_same_stories(app, tmp_path):
    runner = app.test_cli_runner()
    dev = ROOT / "classification" / "data" / "dev.jsonl"
    out = runner.invoke(args=["classify", "eval", str(dev), "--json"])
    report = json.loads(out.output)
    assert report["model"]["used"] and report["model"]["stories_it_was_trained_on"] == report["n"]
    assert "цифры завышены" in runner.invoke(args=["classify", "eval", str(dev)]).output
    rules_only = json.loads(runner.invoke(args=["classify", "eval", str(dev), "--json", "--rules-only"]).output)
    assert rules_only["model"]["used"] is False


def test_near_repeats_are_found_by_shared_words_whatever_their_order():
    known = ["мама лежачая после инсульта нужна сиделка", "сын не ходит с рождения"]
    rows = [{"text": "нужна сиделка мама после инсульта лежачая"},          # the same words
            {"text": "после инсульта мама лежачая нужна сиделка на ночь"},  # 6 of 8 words shared
            {"text": "после инсульта папа не говорит нужен логопед"},
            {"text": ""}]
    assert near_repeats(rows, known) == [0, 1]
    assert near_repeats(rows, known, threshold=0.8) == [0]


def test_eval_counts_and_can_leave_out_stories_that_nearly_repeat_the_tuning_data(app, tmp_path):
    dev = read_jsonl(ROOT / "classification" / "data" / "dev.jsonl")
    mine = tmp_path / "mine.jsonl"
    mine.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {**dev[0], "text": dev[0]["text"] + " пожалуйста"},
        {"text": "никогда такого не было чтобы кот пел", "category": "other", "needs": ["other"], "urgency": "normal"},
    ]), encoding="utf-8")
    runner = app.test_cli_runner()
    report = json.loads(runner.invoke(args=["classify", "eval", str(mine), "--json", "--rules-only"]).output)
    assert report["n"] == 2 and report["near_repeats_of_tuning_data"]["n"] == 1
    assert "почти повторяют размеченные данные" in runner.invoke(args=["classify", "eval", str(mine), "--rules-only"]).output
    fresh = json.loads(runner.invoke(args=["classify", "eval", str(mine), "--json", "--rules-only", "--fresh-only"]).output)
    assert fresh["n"] == 1 and fresh["near_repeats_of_tuning_data"]["left_out"]
    mine.write_text(json.dumps(dev[1], ensure_ascii=False) + "\n", encoding="utf-8")
    out = runner.invoke(args=["classify", "eval", str(mine), "--rules-only", "--fresh-only"])
    assert out.exit_code != 0 and "nearly repeats the tuning data" in out.output


def test_model_data_empty_means_rules_only(make_app):
    app = make_app(classification={"model": {"data": []}})
    with app.app_context():
        assert app.extensions["classification"].classifier().model is None


def test_health_tells_when_the_classifier_is_ready_without_loading_it(app):
    client = app.test_client()
    assert client.get("/health").get_json()["classification"] == {
        "ready": False, "model": False, "vectors": False, "stories": 0, "retraining": False, "error": None,
        "model_error": None}
    with app.app_context():
        app.extensions["classification"].warm_up()
    health = client.get("/health").get_json()["classification"]
    assert health == {"ready": True, "model": True, "vectors": True, "stories": health["stories"], "retraining": False,
                      "error": None, "model_error": None} and health["stories"] > 1000
