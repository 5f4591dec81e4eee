"""Pre-classification reads stories the way a coordinator would, and says why."""

import json
from pathlib import Path

import pytest

from classification.classifier import Classifier
from classification.rules import RulesInvalid, load_rules, parse_rules
from classification.text import _join_spelled, normalise
from tests.conftest import callback_requests

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "classification" / "rules.yaml"


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier(load_rules(RULES))


@pytest.mark.parametrize("text,category", [
    ("я инвалид второй группы", "disabled_person"),
    ("я незрячий", "disabled_person"),
    ("я на инвалидности по психиатрии", "disabled_person"),
    ("я с инвалидностью по сердцу", "disabled_person"),
    ("я передвигаюсь на коляске", "disabled_person"),
    ("у сына лейкоз", "seriously_ill_child"),
    ("у малыша порок сердца", "seriously_ill_child"),
    ("ребенок на химиотерапии", "seriously_ill_child"),
    ("у ребенка муковисцидоз", "seriously_ill_child"),
    ("у дочки тяжелая форма эпилепсии и опухоль", "seriously_ill_child"),
    ("у меня рак", "seriously_ill_adult"),
    ("у меня инфаркт был", "seriously_ill_adult"),
    ("у меня бас", "seriously_ill_adult"),
    ("у меня лейкоз", "seriously_ill_adult"),
    ("я после операции на сердце", "seriously_ill_adult"),
    ("я выпускник детского дома", "orphanage_graduate"),
    ("я выпускница интерната", "orphanage_graduate"),
    ("я детдомовский", "orphanage_graduate"),
    ("я сирота без попечения родителей", "orphanage_graduate"),
    ("я бывшая детдомовка", "orphanage_graduate"),
    ("у сына дцп", "parent_of_disabled_child"),
    ("у сына синдром дауна", "parent_of_disabled_child"),
    ("дочь глухая с рождения", "parent_of_disabled_child"),
    ("у ребенка умственная отсталость", "parent_of_disabled_child"),
    ("ребенок незрячий", "parent_of_disabled_child"),
    ("я ухаживаю за мамой", "caregiver"),
    ("мама с деменцией я за ней смотрю", "caregiver"),
    ("моя мама лежачая я одна за ней хожу", "caregiver"),
    ("я опекун брата инвалида", "caregiver"),
    ("я присматриваю за бабушкой после инсульта", "caregiver"),
    ("муж на сво", "svo_family"),
    ("я ветеран боевых действий", "svo_family"),
    ("я жена мобилизованного", "svo_family"),
    ("я вдова участника сво", "svo_family"),
    ("отец воюет", "svo_family"),
    ("психолого медико педагогическая комиссия рекомендовала тьютора", "parent_of_disabled_child"),
    ("у меня группа и меня заставляют уволиться", "disabled_person"),
    ("сын глухой а школа для глухих детей только интернат", "parent_of_disabled_child"),
    ("муж на контракте второй год", "svo_family"),
    ("у сына диабет", "seriously_ill_child"),
    ("сын подписал контракт и погиб", "svo_family"),
    ("мне сорок лет у меня рецидив", "seriously_ill_adult"),
    ("хочу переоформить группу на бессрочную", "disabled_person"),
    ("у меня нарушение слуха с детства ищу работу", "disabled_person"),
    ("у ребенка орфанное заболевание нужны дорогие лекарства", "seriously_ill_child"),
    ("я опекаю тетю после инсульта у нее нет никого", "caregiver"),
    ("доча у меня особенная аутизм у нее", "parent_of_disabled_child"),
    ("сестра в психоневрологическом интернате ее там обижают хочу забрать ее к себе под опеку", "caregiver"),
    ("ребенок не держит голову в полгода врачи молчат", "parent_of_disabled_child"),
    ("мама больше не узнает нас и выходит ночью на улицу", "caregiver"),
    ("у сына де це пе нужна коляска", "parent_of_disabled_child"),
    ("сын после сво инвалид первой группы без ног ему нужна квартира", "svo_family"),
    ("соседка просила позвонить она сама не может у нее рак нужна сиделка", "seriously_ill_adult"),
    ("дочке четыре года у нее сахарный диабет помпу дают только по инвалидности", "seriously_ill_child"),
    ("подруга она сама выпускница интерната а я звоню за сестру у сестры дцп", "disabled_person"),
    ("свекровь воспитывалась в детдоме но это неважно у мужа рак", "seriously_ill_adult"),
    ("мой сосед выпускник детского дома пьет и водит компании я не могу спать", "other"),
    ("дедушка не помнит как его зовут и где живет", "caregiver"),
    ("у меня сын инвалид по зрению нужна трость", "parent_of_disabled_child"),
    ("у ме ня сын ин ва лид по зре нию нуж на тро сть", "parent_of_disabled_child"),
    # a professional calling about a client: the client, not her family
    ("я социальный работник у меня подопечная инвалид первой группы колясочница дочь её уехала на заработки",
     "disabled_person"),
    ("я медсестра из поликлиники у нас пациент с туберкулёзом отказывается лечиться а там маленькие дети",
     "seriously_ill_adult"),
    ("я почти ничего не слышу аппарат сломался в сентябре в фонде написали что новый будет до конца года",
     "disabled_person"),
    ("родителей лишили родительских прав жила с бабушкой на учёт на жильё встала а жильё так и не дали",
     "orphanage_graduate"),
    ("участник боёв в чечне уволен из армии в связи с ранением и ампутацией ноги протез подобрать не может",
     "disabled_person"),   # another war is not the SVO
    ("сын погиб в декабре сослуживцы позвонили факт гибели подтверждают но тело находится на стороне всу",
     "svo_family"),
    ("сына в части избивают сослуживцы он звонил плакал", "other"),   # hazing is not the SVO
    ("муж меня совсем не слышит что ни скажу всё мимо", "other"),   # does not listen, is not deaf
    ("у меня особый ребёнок в садик не берут", "parent_of_disabled_child"),
    ("нас выпустили в восемнадцать дали комнату на время а квартиры нет шестой год", "orphanage_graduate"),
    ("у мужа боковой склероз лекарство есть но не по нашему полису", "seriously_ill_adult"),
    ("мужу пришла повестка а у нас трое маленьких детей", "svo_family"),   # a call-up: mobilisation
    ("забрала маму к себе она стала всё путать", "caregiver"),
    ("у папы ухудшение памяти он путает дни я не знаю как с ним быть", "caregiver"),
    ("муж вернулся оттуда и по ночам кричит во сне", "svo_family"),   # «оттуда»: how wives say it
    ("брат ушёл под авдеевку и не звонит второй месяц", "svo_family"),   # a front town named
    ("восьмой год с папой после паралича хоть бы кто на недельку подменил", "caregiver"),
    ("сыну сорок он с рождения не говорит мне восемьдесят что будет с ним когда меня не станет", "caregiver"),
    ("я двадцать лет готовлю на ощупь а квитанции прочитать некому", "disabled_person"),
    ("после аварии у меня нет левой ноги работать водителем больше не могу", "disabled_person"),
    ("мужа ранили его везут в больницу в ростов", "svo_family"),
    ("дочке восемь она говорит плохо и в школе её дразнят", "parent_of_disabled_child"),
    ("сыну четырнадцать у него аутизм что будет когда ему исполнится восемнадцать лет", "parent_of_disabled_child"),
    ("муж после аварии ходит с палочкой но один дома оставаться боится", "caregiver"),
    ("я с интернатским прошлым меня на работу не берут", "orphanage_graduate"),
    ("дочке три она не сидит сама и не держит игрушки", "parent_of_disabled_child"),
])
def test_each_category_is_recognised_in_plain_words(clf, text, category):
    assert clf.classify(text).category == category


def test_morphology_any_word_form_counts(clf):
    assert clf.classify("у дочки лейкоз").category == "seriously_ill_child"
    assert clf.classify("моей дочери поставили лейкемию").category == "seriously_ill_child"
    assert clf.classify("инвалидностью второй группы обладаю").category == "disabled_person"


def test_negation_switches_a_label_off(clf):
    result = clf.classify("инвалидности у нас нет но мама плохо слышит")
    assert result.category != "disabled_person"
    assert {"concept": "disability", "phrase": "инвалидности", "reason": "отрицание"} in result.ignored
    assert clf.classify("у нас инвалидность вторая группа").category == "disabled_person"
    # a question after a lone «нет» starts a new thought: «инвалидности нет, можно ли…»
    assert clf.classify("плохо слышу инвалидности нет можно ли получить аппарат").category != "disabled_person"
    # «нет» before a word that cannot be what is missing closes what came before; «нет пандуса» does not
    assert clf.classify("инвалидности нет дом сгорел документов нет").category != "disabled_person"
    assert clf.classify("инвалидности ни у кого нет все здоровы у нас дом сгорел").category != "disabled_person"
    assert clf.classify("у мамы инвалидность нет пандуса").category == "disabled_person"


def test_a_negation_does_not_reach_past_other_words(clf):
    assert clf.classify("я третий день ничего не ел денег нет совсем я инвалид").category == "disabled_person"
    assert clf.classify("живем без лифта сын на коляске").category == "parent_of_disabled_child"


def test_a_negation_over_a_verb_does_not_reach_a_new_clauses_subject(clf):
    """«глаза не видят, вторая группа у меня» — the group is not denied; «не дали вторую группу» is."""
    assert clf.classify("глаза не видят совсем вторая группа у меня").category == "disabled_person"
    assert {"concept": "disability", "phrase": "вторую группу", "reason": "отрицание"} in \
        clf.classify("нам не дали вторую группу").ignored


def test_my_disability_is_the_callers_only_when_no_relative_stands_before_it(clf):
    """«я инвалид», «у меня инвалидность» are the caller's; «сын у меня инвалид», «сестра у меня инвалид»
    are someone else's, and a disabled mother's small child is not a sick child."""
    def self_disabled(text: str) -> bool:
        found, _ = clf.concepts(clf.lemmatiser.tokens(text))
        return "self_disabled" in found

    assert self_disabled("я инвалид второй группы") and self_disabled("у меня инвалидность")
    assert not self_disabled("сестра у меня инвалид") and not self_disabled("сын у меня инвалид")
    assert self_disabled("живу с мужем я инвалид второй группы")   # a relative before «я» is not whose it is
    story = "я на коляске после аварии у меня дочка три года пандус у подъезда не чистят в садик её не отвести"
    assert clf.classify(story).category == "disabled_person"


def test_a_list_of_negatives_is_not_one_negation(clf):
    """«не ходит, не говорит»: the first «не» belongs to its own verb, it does not deny the second."""
    result = clf.classify("сыну пять он не ходит не говорит")
    assert not result.ignored
    assert any("не говорит" in e.phrases for e in result.evidence)


def test_a_negation_denies_the_act_not_its_cause(clf):
    """«комиссию не проходит из-за контузии»: the contusion is the reason, not denied."""
    assert clf.classify("на работу водителем не берут из за контузии").category == "svo_family"
    assert clf.classify("контузии у него нет").category != "svo_family"


def test_a_negated_treatment_does_not_deny_the_illness_it_treats(clf):
    """«если не лечить, рак проснётся»: the cancer is there whether or not it is treated."""
    assert clf.classify("маме сказали если не лечить рак вернется").category == "seriously_ill_adult"
    assert clf.classify("у мамы рака нет").category != "seriously_ill_adult"


def test_asking_whether_he_will_die_keeps_the_illness(clf):
    """«умрёт ли он» is a child's fear, not a death that ended the illness («мама умерла от рака»)."""
    assert clf.classify("сыну восемь лет у него лейкоз он спрашивает умрет ли он").category == "seriously_ill_child"
    assert clf.classify("мама умерла от рака в больнице").category != "seriously_ill_adult"


def test_a_death_reported_in_the_past_tense_is_not_a_wish_to_die(clf):
    assert clf.classify("мой дед давно умер хочу узнать про его награды где искать архив").urgency != "crisis"
    assert clf.classify("отец умер месяц назад хочу вернуться на работу").urgency != "crisis"
    assert clf.classify("лучше бы я умерла на операции и не мучила никого").urgency == "crisis"
    assert clf.classify("я хочу чтобы я умерла").urgency == "crisis"


def test_someone_who_worked_in_an_orphanage_is_not_an_orphan(clf):
    assert clf.classify("раньше работала воспитателем в детском доме сейчас болею").category != "orphanage_graduate"
    assert clf.classify("я не выпускница детдома я там работала поваром").category != "orphanage_graduate"
    assert clf.classify("мама работала в доме ребенка нянечкой сейчас она лежачая").category != \
        "seriously_ill_child"
    assert clf.classify("я раньше работала в доме инвалидов санитаркой ищу работу").category != "disabled_person"
    assert clf.classify("я выпускник детского дома").category == "orphanage_graduate"


def test_the_caller_is_not_the_child_when_she_says_i_am_a_daughter(clf):
    assert clf.classify("я дочь ухаживаю за лежачим отцом").category == "caregiver"


def test_an_adult_son_is_an_adult(clf):
    assert clf.classify("у сына взрослого ему двадцать пять лет аутизм").category == "disabled_person"
    assert clf.classify("у сына аутизм ему пять лет").category == "parent_of_disabled_child"


@pytest.mark.parametrize("text,category", [
    ("у меня с рождения лёгкая умственная отсталость хочу работать курьером", "disabled_person"),
    ("у моего серёженьки порок сердца и детский церебральный паралич он не ходит нужна коляска",
     "parent_of_disabled_child"),   # a child's pet name
    ("у меня димочка ему семь в сентябре в школу а у него синдром дауна по ипра положен тьютор",
     "parent_of_disabled_child"),   # the child's age said as a number
    ("муж заключил контракт в декабре а региональную выплату так и не перевели", "svo_family"),
    ("написали что сын умер не от боевой травмы и теперь отказывают в выплатах", "svo_family"),   # military, not denied
    ("тело брата не вывезли а воинская часть не даёт справку о гибели", "svo_family"),
    ("у дочки рак крови отец от нас ушёл я одна по больницам денег нет", "seriously_ill_child"),   # the father is not ill
    ("мы с женой старые оба инвалиды детей нет убраться в доме некому", "disabled_person"),   # both, the caller too
    ("сыну четыре у него слуховые аппараты а батарейки к ним по ипра не дают", "parent_of_disabled_child"),
    ("муж после инсульта в реанимации ему тридцать шесть он очень переживает что стал обузой а у меня дочка восемь лет "
     "и я разрываюсь между ними", "caregiver"),   # the carer torn between two
    ("муж второй месяц за ленточкой связи почти нет я не сплю ночами хочу поговорить с психологом", "svo_family"),
    ("я выпускник интерната хочу подписать контракт а в военкомате не берут из за документов",
     "orphanage_graduate"),   # wanting to sign is not serving yet
    ("я с аутизмом мне двадцать пять закончил колледж но на собеседованиях теряюсь никто не берёт",
     "disabled_person"),   # the caller's own age, said without «лет»
    ("у дедушки плохо с памятью он уже два раза терялся", "caregiver"),
    ("у меня рак четвёртой стадии за мной ухаживает дочь нужна паллиативная помощь", "seriously_ill_adult"),   # cared for
    ("я почти ничего не вижу пять процентов зрения осталось", "disabled_person"),
    ("живу с мужем у него рассеянный склероз я одна его поднимаю спина не выдерживает", "caregiver"),
    ("правнучка живёт с нами а прабабушка лежачая после двух инсультов", "caregiver"),   # the old one is ill
    # adults by stated age, and a caller with her own disability
    ("сын с аутизмом ему восемнадцать школу закончил никуда не берут", "disabled_person"),
    ("я инвалид второй группы живу один племянник отбирает пенсию", "disabled_person"),
    # the caller's own age is not her child's
    ("мне тридцать четыре года у меня сын семи лет с диагнозом аутизм", "parent_of_disabled_child"),
    ("инвалид я с детства у меня дцп мне тридцать два года", "disabled_person"),
    # a parent arranging a child's disability status
    ("хочу оформить ребенку инвалидность какие документы нужны для мсэ", "parent_of_disabled_child"),
    # carers: a bedridden mother being discharged, a wife worn out beside a sick husband
    ("маму выписывают из больницы завтра а она лежачая я не знаю что делать", "caregiver"),
    ("муж после инсульта стал злой кричит на меня я устала нужна поддержка", "caregiver"),
    ("я вырос в интернате", "orphanage_graduate"),
    ("я бывший военный ветеран чечни инвалид третьей группы", "disabled_person"),
    ("муж ветеран боевых действий вернулся с сво", "svo_family"),
    ("я не работаю ухаживаю за отцом инвалидом первой группы", "caregiver"),   # «не» is about work
    ("у мужа опухоль мозга неоперабельная он стал агрессивный а я с детьми не знаю что делать",
     "seriously_ill_adult"),
    ("я мама ребенка с онкологией сейчас ремиссия но после химии проблемы с сердцем", "seriously_ill_child"),
    ("мама лежачая ей нужны подгузники и пеленки а выдают мало", "caregiver"),
    ("муж на сво а я одна с ребенком инвалидом и у меня самой нашли опухоль", "svo_family"),
    # work with disabled children is not a child of one's own; no disability said out loud is no status
    ("я раньше работала в интернате для детей инвалидов сейчас на пенсии нужна субсидия", "other"),
    ("у меня нет инвалидности но после болезни почти не слышу нужен слуховой аппарат", "other"),
    # a hospice is the patient's own care; a disabled carer asking care for a bedridden mother is a carer
    ("жене поставили рак четвертой стадии нужен хоспис", "seriously_ill_adult"),
    ("мать лежачая я сама инвалид третьей группы спина болит поднять ее не могу нужна сиделка", "caregiver"),
    ("у дочки целиакия ей нужно безглютеновое питание", "seriously_ill_child"),
    ("сын ест только через зонд а смесь не выдают", "seriously_ill_child"),
    ("у приемного сына фас ему нужны занятия с дефектологом", "parent_of_disabled_child"),
    # colloquial relatives
    ("малой у меня аутист в садик не берут", "parent_of_disabled_child"),
    ("батя слег после удара не встает мамка с ним одна нужна сиделка", "caregiver"),
    ("я на колясочке в подъезде ступеньки пандус не ставят", "disabled_person"),
    ("сыну семь у него очень плохое зрение в школе не справляется", "parent_of_disabled_child"),
    ("мужа выписывают на следующей неделе он на трахеостоме я не умею за ним ухаживать", "caregiver"),
    ("у сына шизофрения он перестал пить таблетки", "disabled_person"),
    ("дочке с синдромом дауна исполнилось восемнадцать пенсию переоформить", "disabled_person"),
    ("я с сыном пришла он у меня инвалид по слуху в садик не берут", "parent_of_disabled_child"),
    ("у младшего порок сердца нужна реабилитация", "seriously_ill_child"),
    ("мой сын скоро станет совершеннолетним у него аутизм что будет с пенсией", "parent_of_disabled_child"),
    ("за тестем ухаживаю он после ампутации на коляске а в доме пороги", "caregiver"),
    ("я опекун внука его родители лишены прав ему восемнадцать куда идти за жильем", "orphanage_graduate"),
    ("я слепоглухой мне нужен помощник", "disabled_person"),
    ("инвалидность как оформить", "disabled_person"),
    ("мама пожилая стала забывать выключать плиту нужна сиделка", "caregiver"),
    ("бабушке после перелома нужна функциональная кровать и противопролежневый матрас", "caregiver"),
    ("у мамы болезнь паркинсона она часто падает а я с работы уйти не могу как быть", "caregiver"),
    ("воспитатель детского дома звоню у нас выпускник просит помочь ему с работой", "orphanage_graduate"),
    ("сын эпилептик приступы раз в месяц хотим другого невролога", "parent_of_disabled_child"),
    ("мой сын инвалид детства ему сорок я ему восемьдесят мне тяжело кто будет с ним после меня", "caregiver"),
    ("брат с синдромом дауна ему тридцать мама умерла как оформить над ним опеку", "caregiver"),
    ("я опекун двоих племянников их мама умерла денег не хватает", "orphanage_graduate"),
    ("у нас в подъезде нет пандуса а я с ходунками", "disabled_person"),
    ("мама умерла я остался с младшими братьями мне девятнадцать опеку хочу оформить", "orphanage_graduate"),
    ("у меня муж парализован после инсульта лежит третий год я сама уже не справляюсь хочу хоть на неделю отдохнуть", "caregiver"),
    ("дедушку выписали из больницы с пролежнями и катетером а я работаю с восьми до восьми", "caregiver"),
    ("девушке с синдромом дауна двадцать два работает в кафе хозяин не платит", "disabled_person"),
    ("у папы онкология он хочет умереть дома", "seriously_ill_adult"),
    ("хочу оформить опеку над внучкой ее мама в тюрьме", "orphanage_graduate"),
    ("дедушка после инсульта лежит а мы на третьем этаже без лифта нельзя даже на улицу вынести", "caregiver"),
    ("мы опекуны троих детей сирот опека требует справку о доходах", "orphanage_graduate"),
    ("сыну семнадцать лет у него аутизм что будет с пенсией после восемнадцати", "parent_of_disabled_child"),
    ("отец бывший военный с сво у него ноги нет протез сломался", "svo_family"),
    ("я глухой хочу получить права на вождение в автошколе", "disabled_person"),
    ("мы взяли под опеку двух сирот от родственников нам не платят пособие", "orphanage_graduate"),
    ("сына по контракту отправили туда у него астма а командир не отпускает лечиться", "svo_family"),
    ("мужу пересадили почку а лекарства против отторжения не выдают", "seriously_ill_adult"),
    ("муж раненый лежит в госпитале в другом городе как мне к нему доехать", "svo_family"),
    ("папа бывший военный у него группа хочет узнать про санаторий", "disabled_person"),
    ("у меня ребенок на аппарате искусственной вентиляции нужен второй аппарат", "seriously_ill_child"),
    ("внучка сирота живет с нами мы опекуны нам не платят пособие", "orphanage_graduate"),
    ("детей сестры забрали в приют я хочу оформить опеку", "orphanage_graduate"),
    ("у дочки гидроцефалия шунт сейчас рвет и болит голова", "seriously_ill_child"),
    ("ну типа я детдомовская мне двадцать работаю в доставке без оформления", "orphanage_graduate"),
    ("я юрист некоммерческой организации наша клиентка ухаживает за сыном инвалидом ей отказали в компенсации по уходу",
     "caregiver"),
    ("звоню из больницы у нас пациент после ампутации его выписывают через три дня родственников нет",
     "disabled_person"),
    # a disabled caller who names a husband or children is still asking for herself
    ("я инвалид второй группы у меня артрит мне трудно убирать муж умер дети в москве нужен социальный работник",
     "disabled_person"),
    # a long story: the relative named at the start, the care asked for at the end
    ("здравствуйте я по поводу мамы ей восемьдесят четыре она после инсульта ходит с ходунками по квартире на улицу "
     "не выходит я живу отдельно прихожу после работы у меня самой двое детей и я не успеваю можно ли оформить чтобы "
     "к ней приходил социальный работник", "caregiver"),
    ("у меня муж после тяжёлого инсульта не говорит не ходит я за ним ухаживаю третий год одна дети помогают деньгами",
     "caregiver"),   # a husband's lost speech is not a child's speech delay
    ("мне семьдесят лет после инсульта рука не работает живу с женой она тоже болеет нужна сиделка",
     "seriously_ill_adult"),   # the ill caller asks care for himself, not for his wife
    ("как оформить опеку над недееспособным братом", "caregiver"),
    ("отец лежачий упал с кровати и стонет", "caregiver"),   # bedridden before the fall, not because of it
    ("у свекрови заболевание крови нужен препарат", "seriously_ill_adult"),
    ("сыну четырнадцать у него аутизм что будет когда ему исполнится восемнадцать", "parent_of_disabled_child"),
    ("мне сорок лет я с детства не слышу на работу не берут", "disabled_person"),
    ("мне восемнадцать я выпускник интерната для детей с умственной отсталостью квартиру не дают", "orphanage_graduate"),
    ("дочке отказали в инвалидности у неё расщелина нёба", "parent_of_disabled_child"),
    ("до восемнадцати у меня была категория ребёнок инвалид положена ли мне группа", "disabled_person"),
    ("я плохо слышу с рождения на работе меня не понимают", "disabled_person"),
    ("меня поместили в интернат после больницы у меня биполярное расстройство хочу домой", "disabled_person"),   # an adult home, not an orphanage
    ("мама после двух инсультов муж после инфаркта не могу их оставить и выйти на работу", "caregiver"),
    ("мне двадцать пять я прикована к постели после аварии", "disabled_person"),
    ("я лежачий после травмы позвоночника нужна помощь по дому", "disabled_person"),
    ("соцработник ходит только к пенсионерам и инвалидам а я одна с тремя детьми", "other"),   # people in general
    ("меня в восемь лет отдали в интернат а теперь жильё не дают", "orphanage_graduate"),   # placed as a child
    ("мне шестьдесят пять живу одна осенью удалили опухоль сейчас химия а дочери некогда помогать",
     "seriously_ill_adult"),   # the caller's own illness, the daughter named later
    ("зять пришёл оттуда осенью и с тех пор почти не спит", "svo_family"),
    ("бабушка стала путать день и ночь а дедушка сам уже не справляется", "caregiver"),
    ("свёкор после инсульта свекровь его моет одна а ей под восемьдесят", "caregiver"),
    ("я ушла с работы чтобы сидеть с мамой ей восемьдесят пять", "caregiver"),
    ("звоню за свою тётю она одна в деревне можно ли чтобы к ней кто то ходил", "caregiver"),
    ("ухаживаю за дочерью после инсульта ей уже сорок", "caregiver"),   # a grown daughter
    ("папа после инсульта я живу рядом захожу к нему каждый день но боюсь за него ночью", "caregiver"),
    ("я опекун своей сестры у неё синдром дауна ей сорок как оформить её пенсию", "caregiver"),
    ("я с пятнадцати лет парализована после аварии живу с дочкой", "disabled_person"),   # not a recent injury
    ("я уже двадцать лет парализован после аварии на стройке", "disabled_person"),
    ("мама после инсульта я её подтягиваю на себя чтобы посадить", "caregiver"),
    ("мама почти не встаёт после инсульта голова ясная а я работаю и не могу всё время быть с ней дочь оканчивает "
     "последний курс", "caregiver"),   # the daughter is grown; the mother is the one ill
    ("дочке девятнадцать у неё лейкоз нужна пересадка костного мозга", "seriously_ill_adult"),   # nineteen is grown
    ("муж ушёл на штурм неделю назад и не выходит на связь", "svo_family"),
    ("я пятнадцать лет на коляске после аварии сына в школу отвести не могу дорога разбитая",
     "disabled_person"),   # the caller's own long state, not the son's illness
    ("мне семьдесят пять после операции на колене выписали домой живу одна в магазин не дойти", "seriously_ill_adult"),
    ("я за тёщей смотрю она лежит второй год а жена на работе", "caregiver"),
    ("я за свекровью смотрю у неё рак желудка", "caregiver"),
    ("мы с сестрой по очереди ездим к отцу ему восемьдесят семь он почти не видит", "caregiver"),
    ("у меня двое детей инвалидов сыну девятнадцать дочке пятнадцать у обоих дцп пособия не хватает",
     "parent_of_disabled_child"),   # the grown son's age does not hide the younger child
    ("у меня двое детей с инвалидностью сыну двадцать а дочке двенадцать я одна с ними", "parent_of_disabled_child"),
    ("лифт не работает второй месяц а я на седьмом этаже с ходунками", "disabled_person"),
    ("получили справку об инвалидности на сына я не знаю радоваться или плакать",
     "parent_of_disabled_child"),   # «я» after the child starts the caller's own words, not «я дочь»
    ("дочке восемь она ходит только с ходунками а новые по ипра ждать полгода", "parent_of_disabled_child"),
    ("внуку пять он на ножках не стоит мы по врачам ездим", "parent_of_disabled_child"),
    ("пандуса в подъезде нет на коляске не выехать живу на первом этаже", "disabled_person"),   # «нет» is the ramp's
    ("мама после третьего инсульта лежит я её сама поднимаю на судно", "caregiver"),
    ("муж после трёх инсультов сам не ходит я его на себе таскаю", "caregiver"),
    ("я инвалид первой группы прикована к постели мама умерла пенсии хватает только на няню", "disabled_person"),
    ("мама с деменцией папа после инсульта я бросила работу чтобы быть с ними", "caregiver"),
    ("муж погиб а в льготах отказали говорят травма не боевая он был сердечником", "svo_family"),   # still a soldier
    ("муж после инсульта злится кричит на меня а я сама уже на пределе", "caregiver"),
    ("муж умер я осталась с двумя детьми инвалидами сыну девятнадцать дочке пятнадцать", "parent_of_disabled_child"),
    ("я работаю медсестрой в хосписе семь лет у меня выгорание к кому идти", "other"),   # her workplace
    ("у меня отнялась правая сторона ухаживала мама её не стало живу на пенсию по инвалидности", "disabled_person"),
    ("я одна с мужем после инсульта он не говорит злится нам бы обоим психолога", "caregiver"),
    ("у меня близнецы по десять лет в ноябре одного лишили инвалидности", "parent_of_disabled_child"),
    ("мне восемьдесят четыре ослепла сын есть но он сам инвалид хочу в интернат для стариков", "disabled_person"),
    ("звоню по поводу одинокой старушки она не ходит соцработник не приходит", "other"),   # old, not disabled
    ("дочке двенадцать в этом году на комиссии лишили инвалидности а у неё эпилепсия", "parent_of_disabled_child"),
    ("у нас в подъезде дедушка одинокий лежит не встаёт", "other"),   # a neighbour, not the caller's grandfather
    ("сыну пятнадцать попал под обстрел осколки в голове прооперировали он потерял способность сам вставать и ходить",
     "parent_of_disabled_child"),
    ("я живу с мамой я на инвалидной коляске ко мне перестала приходить социальный работник", "disabled_person"),
    ("в прошлом году муж горел теперь на руках рубцы нужна операция по пересадке кожи", "other"),   # no organ
    ("у мамы рак врачи отправили её домой умирать мама почти не ходит я ночами не сплю", "seriously_ill_adult"),
    ("у отца рак лёгких его выписали домой он уже не встаёт", "seriously_ill_adult"),
    ("иду с работы а навстречу бабушка в тапочках не понимает где она наверно деменция", "other"),   # a stranger
    ("у соседки деменция бродит по двору никто из родственников к ней не ходит", "other"),
    ("моя мама пенсионер и инвалид у неё в квартире холодно", "disabled_person"),   # a person, not «льготы для…»
    ("сын заговорил после четырёх лет теперь в школу не берут", "parent_of_disabled_child"),   # a speech delay
    ("сыну два года у него кардиомиопатия нужна пересадка", "seriously_ill_child"),   # not a lasting disability
    ("у меня аппараты слуховые старые не слышу ничего", "disabled_person"),
    ("дочке нужна ортопедическая обувь она в ипр записана а компенсируют копейки", "parent_of_disabled_child"),
    ("у дочки десять лет она дышит через трахеостому в школе некому её санировать", "seriously_ill_child"),
    ("у сына болезнь неизлечимая он всё хуже ходит", "seriously_ill_child"),
    ("у меня спинальная травма катетеры не компенсируют полгода", "disabled_person"),
    ("я живу в психоневрологическом интернате кормят плохо хочу домой", "disabled_person"),
    ("сыну двенадцать у него олигофрения", "parent_of_disabled_child"),
    ("я работаю нянечкой в детском саду а сына беру с собой у него дцп", "parent_of_disabled_child"),   # her own child too
    ("мне сорок пять позапрошлой осенью у меня отнялась правая сторона ухаживала за мной мама а теперь её нет", "disabled_person"),
    ("у дочки тяжёлое поражение нервной системы без лекарства она опять в реанимацию попадёт", "parent_of_disabled_child"),
    ("у меня тугоухость нужен слуховой аппарат", "disabled_person"),   # not only children's
    ("брату восемнадцать у него дцп мама просит меня оформить опеку над ним", "caregiver"),   # a grown brother
    ("я потерял обе ноги раньше грузчиком работал хочу хоть какую то работу", "disabled_person"),
    ("мне назначили облучение а направление потеряли в поликлинике", "seriously_ill_adult"),   # radiotherapy
    ("мне девятнадцать до восемнадцати была категория ребёнок инвалид а взрослую группу не дали", "disabled_person"),
    ("мне семнадцать у меня муковисцидоз дженерики не помогают", "seriously_ill_child"),   # a teenager calls herself
    ("дочке одиннадцать у нее спинномозговая грыжа нужна новая коляска", "parent_of_disabled_child"),
    ("мужу тридцать шесть у него инсульт лежит не двигается не говорит у меня дочке восемь", "seriously_ill_adult"),
    ("сыну двенадцать у него шизофрения нужен детский психиатр", "parent_of_disabled_child"),   # a child all the same
    ("мне семьдесят у внука лейкоз дочь с ним в больнице", "seriously_ill_child"),   # the grandchild is ill
    ("дочке двадцать один она с рождения не видит и не слышит все время дома сидит", "disabled_person"),   # grown up
    ("у сына синдром аспергера врач говорит можно оформить инвалидность", "parent_of_disabled_child"),   # who says
    ("мне семьдесят лейкоз у внука дочь с ним в больнице", "seriously_ill_child"),   # the grandchild named after
    ("я инвалид второй группы сын повредил руку на производстве инвалидность ему не дают", "disabled_person"),
    ("мужу тридцать четыре он машинист в марте инсульт сейчас ходит с трудом сын в садике", "seriously_ill_adult"),
    ("я после инсульта инвалид третьей группы трое детей какие пособия мне положены", "disabled_person"),
    ("проснулась руки не слушаются кома десять дней дети взрослые разъехались нужна реабилитация",
     "seriously_ill_adult"),
    ("я мама на коляске после травмы позвоночника сын родился полгода назад какая помощь положена",
     "disabled_person"),
    ("я неслышащий мне двадцать в колледже нет переводчика жестового языка", "disabled_person"),
    ("мне сорок восемь после инсульта дети взрослые разъехались нужен кто-то кто днём со мной побудет",
     "seriously_ill_adult"),   # care for the caller herself
    ("я живу в интернате психоневрологическом родила дочку её сразу отправили в дом ребёнка хочу её забрать",
     "disabled_person"),   # her baby taken into care, she is no orphan
    ("у меня онкология хожу на химию а сына пять лет оставить не с кем мама моя сама болеет",
     "seriously_ill_adult"),   # the caller is ill; her mother is no one she cares for
    ("мне восемьдесят дочь у меня после двух инсультов лежит я памперсы ей поменять физически не могу "
     "соцработника нам не дают", "caregiver"),
    ("я раньше работала санитаркой а теперь совсем не вижу хочу опять работать", "disabled_person"),
    ("сыну по комиссии положено инклюзивное обучение а родители одноклассников против", "parent_of_disabled_child"),
    ("мне сорок у меня двое детей у меня нашли рак груди буду делать химию", "seriously_ill_adult"),
    ("я инвалид по психиатрии живу в пни сына определили в дом ребёнка я хочу выйти из интерната и забрать его",
     "disabled_person"),
    ("у меня двое детей шесть и пять лет у обоих цнл второго типа судороги не снимаются", "seriously_ill_child"),
    ("мне шестьдесят два сын сорок лет дцп лежачий", "caregiver"),   # an old mother of a disabled son
    ("дочь взрослая тяжёлая ни в магазин ни к врачу выйти не могу никто не подменит", "caregiver"),
    ("мне шестьдесят я сам с детства с дцп хожу с палочкой хочу подработку на дому", "disabled_person"),
    ("я после операции на позвоночнике выписали домой муж на вахте перевязки делать некому", "seriously_ill_adult"),
    ("у меня муж полтора года назад работал на мебельной фабрике а сейчас бас он не встаёт младший сын в школе",
     "seriously_ill_adult"),
    ("у меня муж год назад работал а сейчас бас он не встаёт сын в школе я одна его не поднимаю", "caregiver"),
    ("папа после инсульта стал всё забывать вчера утром ушёл из дома и до сих пор нет", "caregiver"),
    ("муж больше месяца не выходит на связь мне сказали в фонде защитников есть психологи", "svo_family"),
    ("я потерял зрение в двадцать шесть после травмы головы хочу научиться работать с компьютером", "disabled_person"),
    ("я с сыном сижу в очереди к онкологу за рецептом на обезболивающее мне самой выписывают", "seriously_ill_adult"),
    ("я глухая сама и муж глухой у младшего сына тоже не слышит думаем делать ли имплант", "parent_of_disabled_child"),
    ("мама была моим опекуном а родственники оформили меня в интернат я дееспособный хочу домой", "disabled_person"),
    ("мы куряне вернулись из плена нас держали с завязанными глазами нужно восстановить паспорт", "other"),
    ("я из приюта отец ребёнка ушёл в армию не расписались пособие как жене военного не дали", "orphanage_graduate"),
    ("я сирота двадцать три года у меня двое сыновей четыре и два года отец их не записан оставить детей не с кем",
     "orphanage_graduate"),
    ("мама у меня слепоглухая ей восемьдесят живёт одна я к ней каждый день через весь город езжу нужен человек"
     " который бы приходил", "caregiver"),
    ("мы девочку взяли из детского дома в три года сейчас ей двенадцать она врёт и убегает из дома", "orphanage_graduate"),
    ("сыну шестнадцать он в прошлом году нырнул с тарзанки травма позвоночника теперь на коляске а лифта в доме нет",
     "parent_of_disabled_child"),
    ("мужа полгода назад придавило на стройке парализован ниже пояса лежит дома пролежни пошли я одна его не "
     "переворачиваю", "caregiver"),
    ("брат четыре года назад нырнул на мелководье сломал шейный позвонок ниже пояса ничего не чувствует нужна "
     "реабилитация", "disabled_person"),
    ("сыну шесть у него кожа как у бабочки всё тело в бинтах мази очень дорогие", "seriously_ill_child"),
    ("позвонили из консультации анализ на вич нехороший мы с мужем ребёнка планировали я не сплю и реву",
     "seriously_ill_adult"),
    ("двойня родились на двадцать восьмой неделе одна дома а вторая до сих пор в перинатальном центре денег на"
     " дорогу не хватает", "seriously_ill_child"),
    ("я с младшим в отделении патологии новорождённых третий месяц а маму кладут на операцию на сердце старшего"
     " оставить не с кем", "seriously_ill_child"),
    ("малыш родился на тридцать второй неделе нас выписали неделю назад а сейчас во сне посинел",
     "seriously_ill_child"),
    ("сыну год и два месяца он родился раньше срока на тридцатой неделе ретинопатия третьей степени сделали лазер"
     " окулист сказал оформлять инвалидность по зрению", "parent_of_disabled_child"),
    ("сыну четыре два года назад опрокинул на себя кипяток ожог тридцать процентов тела рубцы стянули руку",
     "seriously_ill_child"),
    ("дочке десять после пожара лицо в рубцах в школу идти отказывается", "seriously_ill_child"),
    ("муж обгорел на заводе семьдесят процентов кожи три пересадки кожи а дома двое детей", "seriously_ill_adult"),
    ("у сына после ожога контрактура пальцев рука как клешня инвалидность дали на два года сейчас"
     " переосвидетельствование и говорят снимут", "parent_of_disabled_child"),
    ("у сына косолапость гипсовали теперь брекеты каждые полгода новые", "parent_of_disabled_child"),
    ("у сына ахондроплазия ему девять в школе травят", "parent_of_disabled_child"),
    ("дочке семь у неё несовершенный остеогенез опять перелом а препарата в больнице нет", "seriously_ill_child"),
    ("у мамы трофическая язва на ноге перевязки каждый день я сама делаю", "caregiver"),
    ("у мужа диабетическая стопа палец почернел хирург сказал срочно в стационар а он"
     " отказывается", "seriously_ill_adult"),
    ("у меня лимфедема ноги после операции нога как бревно нужен компрессионный трикотаж", "seriously_ill_adult"),
])
def test_whose_case_it_is(clf, text, category):
    assert clf.classify(text).category == category


# Conditions named by their medical name, from a list reviewed by organ system (no dev story had most of them):
# a child with one is the parent's case, an adult with one is their own.
@pytest.mark.parametrize("condition,as_child,as_adult", [
    ("глиома", "seriously_ill_child", "seriously_ill_adult"),
    ("множественная миелома", "seriously_ill_child", "seriously_ill_adult"),
    ("апластическая анемия", "seriously_ill_child", "seriously_ill_adult"),
    ("миастения", "seriously_ill_child", "seriously_ill_adult"),
    ("болезнь гентингтона", "seriously_ill_child", "seriously_ill_adult"),
    ("лёгочная гипертензия", "seriously_ill_child", "seriously_ill_adult"),
    ("склеродермия", "seriously_ill_child", "seriously_ill_adult"),
    ("болезнь гоше", "seriously_ill_child", "seriously_ill_adult"),
    ("синдром прадера вилли", "parent_of_disabled_child", "disabled_person"),
    ("атрофия зрительного нерва", "parent_of_disabled_child", "disabled_person"),
    ("мышечная дистрофия", "parent_of_disabled_child", "disabled_person"),
    ("серповидноклеточная анемия", "seriously_ill_child", "seriously_ill_adult"),
    ("синдром короткой кишки", "seriously_ill_child", "seriously_ill_adult"),
    ("синдром драве", "seriously_ill_child", "seriously_ill_adult"),
    ("синдром ломкой х хромосомы", "parent_of_disabled_child", "disabled_person"),
    ("спастическая диплегия", "parent_of_disabled_child", "disabled_person"),
    ("альбинизм", "parent_of_disabled_child", "disabled_person"),
    ("пароксизмальная ночная гемоглобинурия", "seriously_ill_child", "seriously_ill_adult"),
])
def test_named_conditions_are_known(clf, condition, as_child, as_adult):
    assert clf.classify(f"у сына {condition} что нам делать").category == as_child
    assert clf.classify(f"мне тридцать лет у меня {condition} что мне делать").category == as_adult


@pytest.mark.parametrize("text,not_category", [
    ("я дед бабка моя померла сын на севере мне бы кого чтоб полы помыть да в аптеку сходить", "caregiver"),   # for himself
    ("нас пятеро детей я не говорю про уход за детьми просто помогите продуктами", "parent_of_disabled_child"),
    ("нас пятеро детей я не говорю про уход за детьми просто помогите продуктами", "caregiver"),   # childcare
    ("дочке на выпускной нужна ленточка а денег нет", "svo_family"),
    ("у жены ей пять лет назад дали вторую группу по зрению нужна работа", "parent_of_disabled_child"),
    ("сыну двадцать пять он в коме врачи ничего не говорят", "parent_of_disabled_child"),
    ("ей девяносто лет не встает нужно устроить в интернат или сиделку", "orphanage_graduate"),   # a care home
    ("брат взрослый не говорит не ходит без опеки его могут отправить в интернат", "orphanage_graduate"),
    ("за стенкой живёт одинокая бабушка с деменцией забывает выключать газ", "caregiver"),   # a neighbour, not family
    ("мы с женой глухие а дочка слышит хорошо ей нужен логопед", "parent_of_disabled_child"),   # the parents are deaf
    ("муж не воевал он просто военный пенсионер", "svo_family"),
    ("мой дедушка ветеран боевых действий в чечне нужна путевка", "svo_family"),
    ("я звоню за бабушку она после инсульта ей нужна трость", "caregiver"),   # on her behalf, not caring
    ("я соцработник у меня подопечная ухаживаю за ней третий год ей нужна коляска", "caregiver"),   # by trade
    ("я раньше воевал это было давно в афганистане сейчас сломался протез", "svo_family"),
    ("мама умерла от рака в прошлом месяце нужна помощь с наследством", "seriously_ill_adult"),
    ("я медсестра у нас пациентка ее выписывают а за ней смотреть некому", "caregiver"),   # nobody cares
    ("у мамы деменция хочу оформить ее в интернат что для этого нужно", "orphanage_graduate"),   # a care home
    ("отцу восемьдесят три в интернат он не хочет", "orphanage_graduate"),
    ("мне поставили протез тазобедренного сустава нужна реабилитация", "disabled_person"),
    ("в пансионате где живет отец его не моют", "caregiver"),
    ("мы с мужем опекуны трех детей из детского дома у младшего эпилепсия", "orphanage_graduate"),
    ("в интернате где живет мой брат инвалид ему плохо", "orphanage_graduate"),
    ("у мамы рак четвертой стадии нужна паллиативная помощь на дому", "caregiver"),
    ("муж не участник сво он служил по контракту давно", "svo_family"),
    ("у сына была онкология в детстве сейчас он здоров ищет работу", "seriously_ill_adult"),
    ("я не ухаживаю за мамой за ней смотрит сестра", "caregiver"),
    ("бабушке нужна сиделка она просто старенькая не болеет", "caregiver"),
    ("я инвалид живу один соседи хотят меня в интернат сдать", "orphanage_graduate"),
    ("я незрячая мама двоих детей мне нужен помощник водить их в школу", "caregiver"),
    ("старший закрывается в комнате не разговаривает в последнее время", "parent_of_disabled_child"),
    ("папа упал в прошлом месяце сейчас в гипсе нужна помощь по дому", "caregiver"),
    ("муж колясочник в деревне дорогу не чистят мы как в плену", "svo_family"),
    ("нас эвакуировали у мамы инсулин кончается а в пункте временного размещения врача нет", "caregiver"),
    ("маме после инсульта нужна реабилитация в санатории", "caregiver"),
    ("меня изнасиловали вчера я никому не говорила", "parent_of_disabled_child"),
    ("участковая медсестра звоню пациентка после инсульта одна дома нужна сиделка", "caregiver"),
    ("мама с альцгеймером перестала узнавать меня хочу ее в интернат как оформить", "orphanage_graduate"),
    ("хочу стать волонтером помогать инвалидам куда обратиться", "disabled_person"),
    ("пишу за соседку она не говорит по русски беженка с ребенком", "parent_of_disabled_child"),
    ("волонтер поискового отряда нашли дедушку с деменцией в лесу", "caregiver"),
    ("у мужа грыжа позвоночника болит спина", "disabled_person"),
    ("дедушка живет один уже неделю ничего не ест и не встает", "disabled_person"),
    ("мне двадцать два у меня рассеянный склероз хочу родить ребенка можно ли мне", "parent_of_disabled_child"),
    ("жена после родов очень грустная но ест и спит и за ребенком ухаживает хочет поговорить с психологом", "caregiver"),
    ("я сиделка по договору у бабушки а родственники мне не платят третий месяц", "caregiver"),
    ("хочу взять в семью ребенка с инвалидностью из дома ребенка какие выплаты положены", "orphanage_graduate"),
    ("я работаю в интернате для престарелых у нас бабушку бьет другой проживающий", "caregiver"),
    ("хочу сдать сына инвалида в интернат на пятидневку я одна работаю", "orphanage_graduate"),
    ("отец пьяный бьет маму ногами она не встает", "caregiver"),
    ("муж смотрит новости про войну и плачет он воевал в чечне", "svo_family"),
    ("меня выгнали из дома дети сказали живи где хочешь", "orphanage_graduate"),
    ("мама лежачая мне нужна подъемная система чтобы ее переворачивать", "orphanage_graduate"),
    ("зубов почти не осталось нужен протез а пенсия маленькая", "disabled_person"),   # a denture is no disability
    ("мне восемьдесят лет после инсульта почти не встаю дочь пьёт не помогает", "seriously_ill_child"),
    ("я инвалид второй группы бежала от войны жилья нет", "svo_family"),   # a refugee, not a soldier's family
    ("после химии нет сил дойти до магазина а дочь в другом городе", "seriously_ill_child"),   # the daughter is grown
    ("социальная служба плохо выполняет надомное обслуживание бабушки", "disabled_person"),   # a service, not schooling
    ("дед лежачий лежит под себя а сын пьёт не подходит к нему", "seriously_ill_child"),   # the grandfather is ill
    ("хочу стать добровольцем в поисковом отряде", "svo_family"),   # a search volunteer, not a soldier
    ("сына призывают в армию военкомат говорит годен а у него плоскостопие", "svo_family"),   # conscription
    ("сына в интернат не отдам я знаю как там издеваются над такими людьми", "orphanage_graduate"),   # a care home
    ("мы беженцы из авдеевки дом разбомбили документы сгорели", "svo_family"),   # a refugee from a front town
    ("я в роддоме родила а денег на памперсы и пелёнки нет муж ушёл", "caregiver"),   # nappies for a newborn
    ("я многодетная мать мне нужна помощница по дому", "caregiver"),   # the mother is the caller
    ("соседи хотят меня в интернат сдать я инвалид по психиатрии", "orphanage_graduate"),   # an adult care home
    ("сына ранили ножом в драке возле бара", "svo_family"),   # a stabbing, not a war wound
    ("я после травмы позвоночника жена меня кормит с ложки", "caregiver"),   # the caller is the one cared for
    ("внук пьёт отбирает пенсию грозится сдать меня в дом престарелых", "caregiver"),   # a threat, not a care request
    ("мне семьдесят у меня двое взрослых детей оба почти не ходят нужна сиделка",
     "parent_of_disabled_child"),   # grown children
    ("папа упал в ванной не говорит рот перекосило", "parent_of_disabled_child"),   # a stroke, not a mute child
    ("муж упал в ванной не говорит рот перекосило", "disabled_person"),   # nor a disability since childhood
    ("отец ветеран боевых действий служил в афгане сейчас после инсульта лежит", "svo_family"),   # not the SVO
    ("бабушка девяносто лет почти не ходит дети в другом городе", "parent_of_disabled_child"),   # grown children
    ("мне восемьдесят лет я ребёнок войны живу одна печку топлю сама", "svo_family"),   # born in the war
    ("не хочу я здесь умирать семь лет не выхожу из квартиры на коляске", "seriously_ill_adult"),   # shut in
    ("у меня знакомый дедушка не встаёт", "caregiver"),   # an acquaintance, not kin
    ("у дочери удалили почку она перестала работать а потом случился инсульт", "seriously_ill_child"),   # grown up
    ("мне семьдесят у дочери после второго инсульта парализована правая сторона", "seriously_ill_child"),   # grown
    ("сын в девятом классе одноклассники травят он перестал ходить на уроки", "parent_of_disabled_child"),   # truant
    ("сосед старик за пенсией не ходит а сын к нему раз в год", "parent_of_disabled_child"),   # an errand, not legs
    ("мне семьдесят сын инвалид пьёт отбирает пенсию кидается на меня", "parent_of_disabled_child"),   # a grown son
    ("мне сорок пять за мной мама ухаживала а в январе её не стало я одна", "caregiver"),   # cared for, not caring
    ("у нас в деревне дед с кровати не встаёт смотреть за ним некому", "caregiver"),   # a villager, not kin
    ("сын у меня инвалид пьёт пенсию мою отбирает", "parent_of_disabled_child"),   # a pensioner's son is grown
    ("бабушке восемьдесят шесть муж и сын умерли тугоухость нужны два аппарата", "parent_of_disabled_child"),
    ("у моей подруги рассеянный склероз она лежачая за ней сын ухаживает", "seriously_ill_child"),   # he cares
    ("у меня двенадцать детей муж инвалид после ножевого ранения нужна одежда", "svo_family"),   # a knife, not a war
    ("я хожу только по дому на ходунках ноги болят детей нет живу одна", "parent_of_disabled_child"),   # no children
    ("у дочки после родов поражение головного мозга диагноза так и не поставили паллиативную помощь нам не дают "
     "говорят прописка не та", "other"),   # a child's case, whatever help is refused
    ("опека предложила ребенка в детский дом забрать а у нас дом сгорел", "orphanage_graduate"),   # a threat, no orphan
    ("у нас умер сын год назад мы с мужем не разговариваем друг с другом", "parent_of_disabled_child"),   # spouses
    ("у магазина третий день сидит дедушка без обеих ступней", "caregiver"),   # a stranger outside, not care
    ("у меня нет рук после удара током в восемнадцать лет хочу работать", "seriously_ill_adult"),   # no stroke
    ("подруга почти ослепла живёт с сыном он не работает за ней не ухаживает",
     "parent_of_disabled_child"),   # the son is grown up
    ("мне надо лечь в больницу на операцию а ребёнка оставить не с кем муж на вахте", "caregiver"),   # he is away
    ("сын в колонии у него вич и туберкулёз позвоночника лежачий", "seriously_ill_child"),   # a grown-up son
    ("сын инвалид по зрению поступает в магистратуру а на экзамене не дали крупный шрифт",
     "parent_of_disabled_child"),   # a graduate student is grown up
    ("сыну тридцать два у него аутизм я боюсь когда меня не станет его же в интернат заберут", "orphanage_graduate"),
    ("знакомая пожилая мы её навещали а внук её определил в дом престарелых и не говорит в какой",
     "parent_of_disabled_child"),
    ("соседка после перелома шейки бедра ходит с тросточкой одна муж умер сын отдельно", "seriously_ill_child"),
    ("мне сорок три я двадцать пять лет живу в психоневрологическом интернате меня признали недееспособным ещё в молодости"
     " я хочу выйти жить сам а мне говорят сначала дееспособность вернуть через суд а как это сделать если опекун сам"
     " интернат", "orphanage_graduate"),
    ("в подъезде на площадке лежит мужчина бездомный второй день не встаёт", "disabled_person"),
    ("я родила на двадцать шестой неделе он весил восемьсот грамм лежал в реанимации", "seriously_ill_adult"),
    ("мне сорок пять за один день почти перестала слышать на ухо а при внезапной глухоте лечить надо"
     " сразу", "parent_of_disabled_child"),
])
def test_not_the_case_it_sounds_like(clf, text, not_category):
    assert clf.classify(text).category != not_category


def test_a_discharged_bedridden_relative_needs_care(clf):
    assert "home_care" in clf.classify("маму выписывают из больницы завтра а она лежачая я не знаю что делать").needs


def test_a_boarding_school_for_children_with_poor_sight_is_not_an_orphanage(clf):
    assert clf.classify("сын учится в интернате для слабовидящих хотим в обычную школу").category == \
        "parent_of_disabled_child"


def test_typed_digits_and_punctuation_read_as_the_recogniser_would_say_them(clf):
    assert normalise("Мне 45 лет, у меня 2 группа, звоните 89171234567") == \
        "мне сорок пять лет, у меня второй группа, звоните 89171234567"
    assert clf.classify("Сыну 25 лет, у него аутизм. Нужна работа.").category == "disabled_person"
    assert clf.classify("У мамы 1-я группа, она лежачая; нужна сиделка!").needs == ["home_care"]


def test_letters_spelled_out_are_joined_but_little_words_stay_words():
    known = {"сво", "дцп", "мсэ"}.__contains__
    assert _join_spelled("я с собой".split(), known) == ["я", "с", "собой"]
    assert _join_spelled("а я с в о и".split(), known) == ["а", "я", "сво", "и"]
    assert _join_spelled("у меня д ц п и".split(), known) == ["у", "меня", "дцп", "и"]
    assert _join_spelled("т с р".split(), known) == ["тср"]     # an unknown spelling is still one word
    assert _join_spelled("с д ц п".split(), known) == ["с", "дцп"]
    # letters said by name, as abbreviations are spoken; a name alone stays the word it was heard as
    assert _join_spelled("на мэ эс э сказали".split(), known) == ["на", "мсэ", "сказали"]
    assert _join_spelled("у сына дэ цэ пэ".split(), known) == ["у", "сына", "дцп"]
    assert _join_spelled("муж эс вэ о участник".split(), known) == ["муж", "сво", "участник"]
    assert _join_spelled("звоню эл".split(), known) == ["звоню", "эл"]
    # hesitations around a spelling stay out of it
    assert _join_spelled("у сына эм дэ цэ пэ".split(), known) == ["у", "сына", "эм", "дцп"]
    assert _join_spelled("дэ цэ пэ э у него".split(), known) == ["дцп", "э", "у", "него"]


def test_split_and_misheard_words_are_mended(clf):
    assert clf.classify("у меня он ко логия").category == "seriously_ill_adult"
    assert clf.classify("у ребенка д ц п").category == "parent_of_disabled_child"
    assert clf.classify("муж на эс вэ о").category == "svo_family"
    assert clf.classify("я дет домовец").category == "orphanage_graduate"
    # …but two real words are not glued into a third: "от ранения" is not "отравление"
    assert clf.classify("лечусь от ранения в госпитале").urgency != "crisis"


def test_a_split_word_is_read_whole_before_any_near_guess(clf):
    """«инвали ду нам» is «инвалиду» and «нам», not a near «инвалидный» made of all three; a word
    the rules know still starts a split one when what follows is no word at all («подъем ные»)."""
    lemmas = [t.lemma for t in clf.lemmatiser.tokens("лекарства ребенку инвали ду нам не дают")]
    assert lemmas[2:4] == ["инвалид", "нам"]
    assert [t.lemma for t in clf.lemmatiser.tokens("не дали подъем ные")][-1] == "подъемный"
    # a rules' word between two little words is whole already: «я инвалид но» is not «инвалидно»
    assert [t.lemma for t in clf.lemmatiser.tokens("я инвалид но работать могу")][:3] == ["я", "инвалид", "но"]
    # two little words are two words: «мы же не можем» is not «мы жене можем»
    assert [t.lemma for t in clf.lemmatiser.tokens("мы же не можем")] == ["мы", "же", "не", "мочь"]


def test_pieces_that_sound_like_a_rules_word_are_joined_into_it(clf):
    lemmas = [t.lemma for t in clf.lemmatiser.tokens("мама лежит пра лежни у ней")]
    assert "пролежень" in lemmas
    assert [t.lemma for t in clf.lemmatiser.tokens("мы по том придем")] == ["мы", "по", "тот", "прийти"]


def test_two_real_words_meeting_vowel_to_vowel_are_not_heard_as_one():
    """«на очном» sounds like «ночном» only because the rough sound merges the two vowels at the seam."""
    from classification.text import Lemmatiser

    lem = Lemmatiser({"ночной", "пролежень"}, [])
    assert [t.lemma for t in lem.tokens("учусь на очном")] == ["учиться", "на", "очный"]
    assert "пролежень" in [t.lemma for t in lem.tokens("пра лежни у неё")]


def test_a_short_word_misheard_by_its_sound_is_read_as_the_rules_word(clf):
    """Recognisers merge unstressed vowels and voicing: «жидь» for «жить», «свит» for «свет»."""
    assert clf.classify("не вижу смысло жидь").urgency == "crisis"
    assert clf.classify("я больш не хочу жидь").urgency == "crisis"
    assert clf.classify("дочке нужин тьютер в школу").needs == ["education"]
    assert clf.classify("дачке пятнадцать она родилась без ноги нужен протез").category == "parent_of_disabled_child"


def test_the_za_a_recogniser_lost_after_caring_is_put_back(clf):
    """«ухаживаю мамой» is «ухаживаю за мамой» — the caller cares; «за ней ухаживает мама» keeps its carer."""
    assert [t.lemma for t in clf.lemmatiser.tokens("ухаживаю мамой")] == ["ухаживать", "за", "мама"]
    assert clf.classify("я ухаживаю мамой хочу переоборудовать квартиру расширить двери").category == "caregiver"
    assert [t.lemma for t in clf.lemmatiser.tokens("за ней ухаживает мама")] == ["за", "ней", "ухаживать", "мама"]


def test_an_unknown_word_is_no_form_of_an_abbreviation_the_rules_know(clf):
    """The dictionary guesses «свам» (heard for «с вам») is a dative of «сво»; a guess from an unknown
    word's ending down to three letters is not trusted, so it names no war."""
    assert "сво" not in [t.lemma for t in clf.lemmatiser.tokens("кто свам будет возиться")]
    assert clf.classify("я на коляске в приемной комиссии говорят кто свам будет возиться").category != "svo_family"
    assert clf.classify("муж на сво").category == "svo_family"


def test_an_unstressed_ne_heard_as_ni_before_a_verb_is_read_as_ne(clf):
    """«говорить ни может» is «не может»; «как ни старался» and «ни окон ни двери» keep their «ни»."""
    def lemmas(text):
        return [t.lemma for t in clf.lemmatiser.tokens(text)]
    assert lemmas("говорить ни может")[1] == "не"
    assert lemmas("как ни старался")[1] == "ни"
    assert lemmas("ни окон ни двери")[0] == "ни"
    assert clf.classify("у бабушки лицо перекошено и говорить ни может").urgency == "crisis"


def test_words_written_as_they_sound_are_respelled(clf):
    """«учица», «задыхаеца», «доч»: the spelling the dictionary knows; «сирата» is «сирота» itself,
    not «сироток» cut short."""
    def lemmas(text):
        return [t.lemma for t in clf.lemmatiser.tokens(text)]
    assert lemmas("доч задыхаеца хочу учица") == ["дочь", "задыхаться", "хотеть", "учиться"]
    assert lemmas("я сирата") == ["я", "сирота"]
    assert clf.classify("ало у меня доч задыхаеца астма ингалятор ни помогает").urgency == "crisis"


def test_someone_named_with_a_childs_age_is_a_child(clf):
    """«Серёже восемь», «Кириллу скоро два»: the rules know no names, but a named person of a child's
    age is a child; words the rules know and things counted keep their reading."""
    def lemmas(text):
        return [t.lemma for t in clf.lemmatiser.tokens(text)]
    assert lemmas("серёже восемь")[0] == "ребенок"
    assert lemmas("кириллу скоро два")[0] == "ребенок"
    assert lemmas("мужу сорок пять")[0] == "муж"
    assert lemmas("мастеру два раза звонила")[0] == "мастер"
    assert lemmas("сыну восемь")[0] == "сын"
    assert clf.classify("серёже восемь он не ходит и не говорит я кормлю его с ложки").category == \
        "parent_of_disabled_child"
    assert clf.classify("ване двенадцать у него диабет").category == "seriously_ill_child"


def test_a_longer_phrase_set_aside_by_what_overlaps_it_leaves_the_shorter_one_inside(clf):
    # «дочки три» is no age when «три года назад» follows, but «дочки» still names a child
    story = "у дочки три года назад нашли опухоль почки сейчас ремиссия ездим на контроль"
    assert clf.classify(story).category == "seriously_ill_child"
    # an exception near, not over, the longer phrase still sets all of it aside
    story = "подруга летом покончила с собой я до сих пор не могу прийти в себя виню себя хочу к психологу"
    assert clf.classify(story).urgency != "crisis"


def test_a_negation_does_not_reach_over_a_verb_that_takes_no_object(clf):
    """«я не работаю, группу дали вторую»: «работаю» takes no object, so its «не» ends with it; a verb that takes
    one («не оформили инвалидность»), a preposition («не воевал на сво») and «не было» still carry it."""
    def found(text):
        return clf.concepts(clf.lemmatiser.tokens(text))[0]
    assert "disability" in found("я не работаю группу дали вторую")
    assert "disability" in found("сын не ходит инвалидность есть")
    assert "disability" not in found("ему не оформили инвалидность")
    assert "serious_illness" not in found("у мамы не было инсульта")
    assert "svo" not in found("в семье никто не воевал на сво")


def test_spoken_forms_are_read_as_the_words_the_rules_write(clf):
    """«чё», «ваще», «тока» the dictionary does not bring to «что», «вообще», «только» (the rules file's
    `spoken` does); «щас» it knows itself. Without it «чё нибудь с собой сделаю» was no crisis."""
    assert [t.lemma for t in clf.lemmatiser.tokens("чё делать ваще тока щас")] == \
        ["что", "делать", "вообще", "только", "сейчас"]
    assert clf.classify("я щас чё нибудь с собой сделаю").urgency == "crisis"


def test_a_spoken_form_must_map_to_a_word():
    with pytest.raises(RulesInvalid) as err:
        parse_rules(RULES.read_text(encoding="utf-8").replace("spoken: {чё: что,", "spoken: {чё: [что],"))
    assert "поле «чё» должно быть текстом" in str(err.value)


def test_sounding_alike_never_changes_a_real_word():
    from classification.text import Lemmatiser, sound

    assert sound("жидь") == sound("жить") and sound("дама") == sound("дома")
    lem = Lemmatiser({"дом", "жить", "онкогематолог"}, [])
    assert [t.lemma for t in lem.tokens("дама жидь")] == ["дама", "жить"]
    # a long unknown word is more often a word missing from the dictionary than a misheard one
    assert [t.lemma for t in lem.tokens("онкогематологии")] != ["онкогематолог"]


def test_pronouns_keep_their_form_so_my_son_is_not_i_am_a_son(clf):
    assert clf.classify("у меня сын с дцп").evidence[0].phrases == ["дцп", "сын"]
    assert clf.classify("у меня ребенок онкологический").category == "seriously_ill_child"
    assert clf.classify("у меня онкология").category == "seriously_ill_adult"


def test_a_misheard_word_is_only_mended_into_one_of_its_length():
    from classification.text import Lemmatiser

    lem = Lemmatiser({"спасти", "лейкемия"}, [])
    assert [t.lemma for t in lem.tokens("лейкимия")] == ["лейкемия"]
    assert [t.lemma for t in lem.tokens("спастика")] != ["спасти"]   # not «спасите»


def test_a_known_word_is_not_glued_to_the_little_words_after_it(clf):
    result = clf.classify("нужен соцработник к ней")
    assert "соцработник" in {p for e in result.evidence for p in e.phrases}
    # «отказ от» sounds like «отказать», but both are real words: «отказ от квартиры» stays as said
    assert [t.word for t in clf.lemmatiser.tokens("подписать отказ от квартиры")] == ["подписать", "отказ", "от", "квартиры"]
    # a real word before «не» keeps its «не»: «хоть вой не с кем поговорить» is not «войне»
    assert [t.word for t in clf.lemmatiser.tokens("хоть вой не с кем")] == ["хоть", "вой", "не", "с", "кем"]


def test_a_rules_word_read_first_as_another_word_still_matches_its_other_forms(clf):
    # «порок» is first read as «порка» (genitive plural); «с пороком» reads as «порок»
    assert clf.classify("сын родился с пороком сердца нужна операция").category == "seriously_ill_child"
    assert clf.classify("у сына порок сердца нужна операция").category == "seriously_ill_child"


def test_word_parts_catch_compound_diagnoses_no_list_holds(clf):
    assert clf.classify("у сыночка ретинобластома").category == "seriously_ill_child"
    assert clf.classify("дочь лежит в онкогематологии").category == "seriously_ill_child"
    assert clf.classify("у меня остеосаркома").category == "seriously_ill_adult"
    assert clf.classify("сидим дома у ребенка насморк").category == "other"


def test_a_misplaced_asterisk_is_an_error_with_its_line():
    with pytest.raises(RulesInvalid) as err:
        parse_rules('concepts:\n  x:\n    phrases: ["он*ко"]\n    negation: none\ncategories: {}\nneeds: {}\nurgency: {}\n')
    assert ":2: понятие «x»: «он*ко» — звёздочка ставится" in str(err.value)
    with pytest.raises(RulesInvalid) as err:   # unquoted, YAML reads it as an alias
        parse_rules('concepts:\n  x:\n    phrases: [*бластома]\n')
    assert ":3:" in str(err.value) and "в кавычки" in str(err.value)


MINI_RULES = """
concepts:
  sick: {phrases: [болеть], negation: none, unless: [{concepts: [once], window: 1}, {concepts: [job], window: 5}]}
  once: {phrases: [раньше], negation: none}
  job: {phrases: [работать в], negation: none}
categories: {seriously_ill_adult: [{when: [sick], weight: 3, why: болеет}]}
needs: {}
urgency: {}
"""


def test_a_neighbour_set_aside_itself_does_not_set_a_phrase_aside(clf):
    """«месяц назад» hides a crisis told as over, but not when «сегодня» follows it: that is news."""
    assert clf.classify("операцию сделали месяц назад сегодня задыхается").urgency == "crisis"
    assert clf.classify("сломал ногу месяц назад сейчас в гипсе").urgency != "crisis"
    assert clf.classify("сломал руку неделю назад сегодня сняли гипс").urgency != "crisis"


def test_a_concept_can_be_switched_off_by_several_neighbours_each_at_its_own_distance():
    mini = Classifier(parse_rules(MINI_RULES))
    assert mini.classify("я болею").category == "seriously_ill_adult"
    assert mini.classify("раньше болел").category == "other"
    assert mini.classify("раньше я очень долго болел").category == "seriously_ill_adult"   # too far for «раньше»
    assert mini.classify("работал в больнице где все болеют").category == "other"
    with pytest.raises(RulesInvalid) as err:
        parse_rules(MINI_RULES.replace("concepts: [job]", "concepts: [jobs]"))
    assert "понятие «sick»: «jobs» не описано в concepts" in str(err.value)


def test_a_concept_finds_the_phrases_of_another_written_once():
    """«сыну двенадцать» is both a child and a child's stated age; the ages are written once."""
    rules = parse_rules(MINI_RULES.replace("  once: {phrases: [раньше], negation: none}",
                                           "  once: {phrases: [раньше], negation: none}\n"
                                           "  long_ill: {phrases: [хронически], negation: none, phrases_of: [sick]}")
                        .replace("when: [sick]", "when: [long_ill]"))
    assert Classifier(rules).classify("я болею").category == "seriously_ill_adult"
    with pytest.raises(RulesInvalid) as err:
        parse_rules(MINI_RULES.replace("  job: {phrases: [работать в], negation: none}",
                                       "  job: {phrases: [работать в], negation: none, phrases_of: [jobs]}"))
    assert "понятие «job»: phrases_of — «jobs» не описано в concepts" in str(err.value)


REACH_RULES = """
concepts:
  out: {phrases: [ушёл из дома], negation: none}
  frost: {phrases: [мороз], negation: none}
  once: {phrases: [раньше], negation: none}
categories: {}
needs: {}
urgency:
  crisis: [{when: [out, frost], unless: [once], within: 6, REACH weight: 10, why: ушёл в мороз, need: medical}]
  high: [{when: [out], unless: [once], weight: 2, why: ушёл}]
"""


def test_an_exception_to_a_crisis_rule_counts_only_near_what_the_rule_found():
    """A rule-level `unless` counts anywhere in the story on other rules, but on a crisis rule only within
    its reach (`unless_within`, else `within`): one «раньше» early in a story cannot hide a crisis."""
    clf = Classifier(parse_rules(REACH_RULES.replace("REACH ", "")))
    far = "раньше он так никогда не делал а вот сегодня утром ушёл из дома на улице мороз"
    assert clf.classify(far).urgency == "crisis" and clf.classify(far).needs == ["medical"]   # its need as near
    assert clf.classify("раньше ушёл из дома в мороз").urgency == "normal"   # near: told as the past
    assert clf.classify("раньше он так ушёл из дома").urgency == "normal"    # not a crisis rule: anywhere
    narrow = Classifier(parse_rules(REACH_RULES.replace("REACH ", "unless_within: 1, ")))
    assert narrow.classify("раньше не было а тут ушёл из дома в мороз").urgency == "crisis"
    with pytest.raises(RulesInvalid) as err:
        parse_rules(REACH_RULES.replace("REACH ", "").replace("weight: 2,", "unless_within: 3, weight: 2,"))
    assert "urgency.high: поле unless_within бывает только у правил кризиса" in str(err.value)
    with pytest.raises(RulesInvalid) as err:
        parse_rules(REACH_RULES.replace("REACH ", "").replace("weight: 2,", "calms: crisis, weight: 2,"))
    assert "urgency.high: поле calms бывает только у правил normal" in str(err.value)
    with pytest.raises(RulesInvalid) as err:
        parse_rules(REACH_RULES.replace("REACH ", "").replace("weight: 2,", "asked: true, weight: 2,"))
    assert "urgency.high: поле asked бывает только у правил нужд" in str(err.value)


def test_a_crisis_phrase_is_found_when_the_recogniser_lost_a_little_word_inside_it():
    """Recognisers drop «на», «в», «с»: «стою мосту» is still «стою на мосту». Only inside a phrase
    (at its edge the little word may be the meaning) and only for crisis phrases, where a miss costs most."""
    mini = Classifier(parse_rules("""
droppable: [на, в]
concepts:
  bridge: {phrases: [стою на мосту], negation: none}
  chest: {phrases: [в груди давит], negation: none}
  walk: {phrases: [хожу на работу], negation: none}
categories: {}
needs: {employment: [{when: [walk], weight: 1, why: работа}]}
urgency: {crisis: [{when: [bridge], weight: 10, why: мост}, {when: [chest], weight: 10, why: грудь}]}
"""))
    assert mini.classify("я стою мосту").urgency == "crisis"
    assert mini.classify("я стою на мосту").urgency == "crisis"
    assert mini.classify("груди давит").urgency == "normal"            # the edge «в» is kept
    assert mini.classify("хожу на работу").needs == ["employment"]
    assert mini.classify("хожу работу").needs != ["employment"]          # not a crisis phrase: kept whole


def test_an_urgency_rule_names_the_need_its_situation_implies():
    """A crisis rule says once what help it needs: no copy of it under needs to keep in step."""
    rules = """
negation: {crisis: {before: [не], window: 2}}
concepts:
  pills: {phrases: [наглотаться таблеток], negation: crisis}
  doctor: {phrases: [врач], negation: none}
categories: {}
needs: {medical: [{when: [doctor], weight: 1, why: врач}]}
urgency: {crisis: [{when: [pills], weight: 10, why: таблетки, need: medical}]}
"""
    mini = Classifier(parse_rules(rules))
    result = mini.classify("сын наглотался таблеток")
    assert (result.urgency, result.needs) == ("crisis", ["medical"])
    assert [e.why for e in result.evidence if e.label == "medical"] == ["таблетки"]
    assert mini.classify("сын не наглотался таблеток").needs == ["other"]
    with pytest.raises(RulesInvalid) as err:
        parse_rules(rules.replace("need: medical", "need: medicine"))
    assert "need «medicine» — неизвестная нужда" in str(err.value) and "«medical»" in str(err.value)
    with pytest.raises(RulesInvalid) as err:
        parse_rules(rules.replace("why: врач}", "why: врач, need: medical}"))
    assert "needs.medical: поле need бывает только у правил срочности" in str(err.value)


def test_indirect_wording_without_the_keyword(clf):
    assert clf.classify("сын не ходит с рождения ему четыре года").category == "parent_of_disabled_child"
    assert clf.classify("внучка не ходит в школу прогуливает").category != "parent_of_disabled_child"


# Every kind of crisis the domain names, in words none of the labelled stories use; a crisis
# phrase anywhere in a story wins. SOON_HIGH: losing care, medicine or a home within days.
CRISIS_KINDS = [
    "я ушла от мужа а он приходит и бьет меня",   # she left; he finds her
    "я от него ушла но он вчера подкараулил и избил меня",
    "развелась с ним а он ломится в дверь и угрожает",
    "я ушла от мужа а он меня преследует грозит убить",   # she left, he threatens
    "мама ушла в аптеку за лекарством три часа назад и ее нигде нет",   # missing on the way to a pharmacy
    "мама упала на лестнице и задыхается",   # the stairs are where, not what
    "муж избил меня вчера его арестовали а он грозит что выйдет и убьёт",   # held, but threatening
    "соседка бабушка лежачая дочь пьёт подгузник поменять некому",   # a bedridden woman left unchanged
    "сын пьёт пенсию мою на меня кидается я из дома убегаю",
    "у папы рука отнялась и рот перекосило",   # face and arm: a stroke now, nothing else said
    "муж работает от случая к случаю и руку на меня поднимает постоянно бежать некуда",
    "сын говорит что мы с бабушкой его травим и что убьёт нас",   # poisoning delusion, not school bullying
    "у дочки из аптечки пропадают таблетки она их пьёт горстями",
    "сын с шизофренией вернулся говорит мы его травим и что поубивает нас с бабушкой",
    "на улице мороз а нам обрезали провода мы с детьми сидим без электричества",
    "у дочки на руках порезы говорит так ей легче когда плохо",
    "у сына руки исполосованы режет ножиком чтобы заглушить душевную боль",
    "я пенсионерка живу одна сейчас зима а я без воды и отопления",
    "пожар в доме детей соседи вывели спасли жизнь а бабушка ещё внутри",
    "одинокая старушка лежит не ходит если ничего не сделать она умрёт с голоду",
    "бабушка не встаёт лежит в моче и в грязи",
    "вызвала скорую лежачему папе после инсульта в половине седьмого а уже одиннадцатый час никто не приехал",
    "бабушка перепутала лекарство и выпила нашатырь у неё ожог во рту и в горле",
    "пожилая соседка закрылась в квартире не подаёт признаков жизни на звонки в дверь не реагирует",
    "мне семнадцать из детдома выпустили общежитие только с сентября сижу на вокзале вторую ночь",
    "муж после контузии сидит на балконе девятого этажа свесил ноги и молчит",
    "я слепая газ включила а плита не горит и запах сильный",
    "мужу плохо весь мокрый держится за грудь говорит рука левая тяжёлая",   # a heart attack, told by its signs
    "ребёнок нашёл у бабушки таблетки от давления и сколько то съел сейчас вялый",   # the pills named far from «съел»
    "папа упал не говорит лицо перекосило",
    "спасите пожалуйста мне очень страшно одной",
    "у папы деменция он стал агрессивный я хожу вся в ссадинах и кровоподтёках одна за ним ухаживаю",
    "мама лежит пятый год я одна с ней и думаю что нам обоим так будет лучше",   # leaving together
    "печку топлю коробками из магазина а больше нечем",   # nothing left to heat with
    "я всё раздала соседям кота отдала в хорошие руки письма детям написала",   # giving everything away, saying goodbye
    "сосед за стенкой опять дерётся со своей сожительницей она кричит",
    "малыш упал с горки головой об лёд его два раза вырвало",
    "сын ушёл пьяный вчера и неизвестно где на улице минус двадцать",
    "у нас беда с сыном ему сорок лет он живёт со мной и уже много лет нигде не работает пенсию мою тратит на себя "
    "а сейчас снова пьёт неделями я его очень боюсь",   # the son named long before the fear
    "дочь позвонила шёпотом сказала что муж закрыл её в комнате и забрал телефон",
    "наш дом остался без отопления второй день ночи очень холодные у нас маленькие дети",
    "мы с мужем инвалиды батареи в квартире ледяные отопления нет весь ноябрь весь декабрь теперь и январь",
    "сын пьёт ругается меня оскорбляет я его очень боюсь днём и ночью закрываюсь в своей комнате",
    "месяц назад муж избил меня а сегодня опять пришёл пьяный и бьёт",   # past, and again today
    "мне четырнадцать меня в школе травят а дома отчим бьёт",   # bullied at school and beaten at home
    "ребёнок проглатил батарейку ему два года",   # a long word written as it sounds
    "я больше не хачу жить мама опять пьёт",   # typed misspelling that is another dictionary word
    "у бабушки печь развалилась в доме холод а она одна",
    "у подъезда мужчина в тапочках не помнит где живёт а на улице холодно",
    "я ухаживаю за мамой много лет иногда думаю чтобы мы обе заснули и не проснулись",
    "он вышиб дверь и гонится за мной я с ребёнком в подъезде",
    "сын избил меня хочет выжить меня из квартиры",   # a threat to the flat does not cancel the beating
    "он угрожает убить и выселить нас",
    "у мужа рак таблетки от боли кончились участковый в отпуске он стонет всю ночь",
    "дедушка днём уснул а сейчас не могу его разбудить",
    "котята попадали и кричат собака тоже упала а мне самой плохо голова кружится",   # carbon monoxide
    "утром нашла записку не ищите меня телефон недоступен",
    "дед лежачий лежит под себя а сын пьёт не подходит к нему кормит раз в день",
    "бабушка лежачая а дети пьют бросили её умирать",
    "сегодня ночью сгорел наш дом мы сейчас во дворе в чём выскочили а на улице мороз",
    "папа с деменцией раньше иногда путался а сейчас ушёл из дома в одной рубашке а на улице мороз",
    "мама с раком кричит от боли а обезболивающее выпишут только после выходных",
    "живу одна уже неделю не выхожу еды дома нет совсем",
    "мне шестнадцать сегодня меня не станет простите",
    "отец вдруг заговорил как будто каша во рту",
    "дочь в какой то группе считает дни и сказала подругам что удалит свою страницу",
    "машина сбила маму она не встаёт",
    "у сына гемофилия он ударился и растет шишка на голове",
    "у меня схватки а я одна на даче",
    "в доме угарно голова болит и тошнит печку затопила",
    "мама выпила всю упаковку снотворного я не могу ее разбудить",
    "мама с деменцией хочет перелезть через перила балкона",
    "второй день ничего не пила и не ела и не хочу",
    "сын съел грибы в лесу теперь рвота сильная",
    "у мамы со вчерашнего вечера речь странная и уголок рта опустился",
    "сын закрывается в комнате не разговаривает а вчера я увидела свежие порезы",
    "мама кричит от боли а обезболивающее дадут только завтра",
    "меня выгнали из дома с грудным ребенком сижу на лавочке",
    "старик лежит в подъезде на лестнице мороз",
    "дома ни крошки дети плачут",
    "мама на диализе пропустила две процедуры отекли ноги",
    "он держит меня в заложниках я звоню тайком",
    "мужа ударило током на работе сердце колет",
    "брата в интернате привязывают к кровати",
    "у ребенка сыпь по всему телу и отек губ",
    "папа ослеп на один глаз резко сегодня утром",
    "мне четырнадцать мать пьет отчим дерется домой идти страшно",
    "у мужа боль в животе и рвота скорая проехать не может дорогу замело",
    "внук выпил жидкость для мытья посуды кашляет",
    "сосед плачет уже второй час и бьется о стену",
    "папа сидит на перилах балкона и говорит что прыгнет",
    "у дочки диабет она в лагере вожатая говорит что она какая то вялая и заговаривается",
    "лежу третьи сутки с температурой один встать не могу воды подать некому",
    "мама пьет и не кормит нас третий день дома ничего нет",
    "бабушка лежачая внучка уехала никто не приходит кричит через стенку воды просит",
    "мама с раком просит помочь ей уйти говорит что устала",
    "у меня отходят воды схватки каждые пять минут я одна",
    "сын упал с балкона он в сознании но не может пошевелить ногами",
    "бабушка перестала есть и пить уже два дня",
    "сын с аутизмом убежал из школы его ищут второй час",
    "муж кинул в маму стулом у нее кровь",
    "у дочки острый живот скорую вызвали сорок минут назад",
    "мама упала в обморок сейчас очнулась но говорит невнятно",
    "меня выписали из больницы а дома ни еды ни денег",
    "мама сейчас без сознания после приступа уже десять минут",
    "бывший муж пьяный под дверью кричит что выломает дверь",
    "свекровь грозилась отравить меня а сейчас подсыпала что то в еду",
    "брат проиграл все деньги занял у бандитов ему угрожают",
    "жена беременна и ей плохо у нее кровь",
    "я сейчас на мосту мне очень плохо",
    "малышу год у него температура третий день и он стал вялый не берет грудь",
    "сын ушел гулять без телефона уже темно а его нет три часа",
    "дочь перестала колоть инсулин вчера было тридцать сахар",
    "газ в доме отключили а на дворе зима и мать лежачая",
    "братан пьет по черному вчера табуретку в нее кинул",
    "пацан мой режется и пишет что всех ненавидит",
    "жинка в больнице пенсию забрали за долги жрать нечего",
    "мне кажется за мной следят я боюсь сам себе навредить",
    "вроде ничего страшного но у мужа с утра немеет рука и лицо повело",
    "дочь написала подруге что всем будет проще без нее",
    "папа отказался от лечения а сейчас кашляет кровью",
    "соседский мальчик сидит на лестнице домой его не пускают а на улице мороз",
    "муж третий день не приходит домой телефон выключен",
    "соцработник уволился и слепая соседка неделю сидит без продуктов",
    "брат слепой живет один у него кончились продукты а до магазина не дойти",
    "мама с раком не ест уже три дня сегодня стала путать слова",
    "инсулин закончился вчера а новый выдадут только через неделю",   # out now; «заканчивается» is high
    "папа лежачий в жару почти не пьет и не отвечает мне",
    "сын провалился под лед его вытащили он весь мокрый",
    "дочка нашла бабушкины таблетки и съела несколько штук ей два года",
    "жена после родов говорит что ребенка надо выбросить",
    "сын толкает бабушку она вся в синяках",
    "меня держат на работе паспорт забрали я звоню с чужого телефона",
    "смесь закончилась малыш плачет от голода",
    "папа после инсульта говорит что не хочет так жить",
    "мне двадцать лет я в коляске зачем мне вообще такая жизнь",
    "бабушка живет одна второй день не берет трубку",
    "коляска сломалась сижу на улице не могу добраться домой а уже мороз",
    "печка топится а в доме угаром пахнет у мамы голова болит и тошнит",
    "трубу прорвало вода по колено проводка искрит а отец лежачий",
    "муж пьяный выбил дверь мы с детьми выпрыгнули в окно",
    "свекровь выгнала нас с ребенком сидим на автовокзале идти некуда",
    "у дочки диабет она сейчас вялая не отвечает на вопросы",
    "в квартире отопления нет батареи холодные а на улице минус двадцать",
    "бабушка соседка не открывает вторые сутки а собака у нее воет",
    "у меня все хорошо с документами но я не хочу больше жить",
    "вопрос про пандус а еще муж меня избивает",
    "дома нечего есть дети голодные",
    "мама упала и не встает не отвечает",
    "ребенок на аппарате ивл а электричество отключили",
    "отчим пристает к моей дочери ей двенадцать",
    "муж запер меня в квартире и забрал телефон",
    "он не выпускает меня из дома уже неделю",
    "сын бьет бабушку отбирает пенсию она вся в синяках",
    "бывший муж караулит меня у подъезда и грозится убить",
    "у нас трое суток нет еды дети голодные",
    "зимой отключили газ а у нас печи нет дома ноль",
    "мы с детьми ночуем в подъезде",
    "у ребенка закончился инсулин сегодня",
    "у мамы кислородный баллон заканчивается через час",
    "у папы перекосило лицо и он не может говорить",
    "у мужа сильно давит в груди и отдает в руку",
    "ребенок проглотил батарейку",
    "дочка выпила уксус",
    "муж обжегся кипятком сильно кожа слезает",
    "у сына отек лица после укуса он задыхается",
    "у мамы упал сахар она не отвечает",
    "бабушка упала сломала ногу лежит не может встать",
    "сын не пришел домой из школы уже вечер телефон выключен",
    "пропал ребенок семь лет",
    "у нас пожар в квартире дым",
    "в доме угарный газ все спят и не просыпаются",
    "маленький сын один дома а меня увезла скорая",
    "лежачая мама одна дома а я в больнице",
    "сосед грозится убить мою собаку и меня",
    "я больше не хочу просыпаться",
    "я написала записку и хочу уйти",
    "выпил много таблеток и запил водкой",
    "дочь говорит что порежет себя",
    "муж сказал что повесится если я уйду",
    "у ребенка температура сорок и судороги",
    "у мамы рвота кровью",
    "он сейчас ломает дверь",
    "соседи бьют ребенка он кричит каждый день",
    "я беременна у меня кровотечение",
    "у ребенка тридцать девять и он вялый не просыпается",
    "меня выгнали из дома ночью я с ребенком на улице",
    "у нас нет воды и света третий день а на улице мороз",
    "я замерзаю в доме дров нет",
    "устала жить не вижу смысла",
    "жить надоело сил больше нет",
    "хочу уснуть и не проснуться",
    "лучше бы меня не было",
    "хочу к мужу на тот свет",
    "я все решила таблетки уже приготовила",
    "стою на крыше",
    "шагну из окна",
    "хочет в петлю",
    "сын говорит что убьет себя",
    "муж меня душил вчера",
    "сожитель угрожает зарезать",
    "отчим издевается над ребенком",
    "у ребенка синяки от отчима",
    "внук бьет бабушку отбирает деньги",
    "муж пьяный с топором ходит",
    "меня изнасиловали",
    "дома шаром покати дети голодные",
    "дети второй день не ели",
    "нечем кормить грудного ребенка нет смеси",
    "в квартире минус трубы замерзли",
    "батареи ледяные дети болеют",
    "ребенок не дышит",
    "папа хрипит и посинел",
    "мама без сознания",
    "давление двести двадцать голова раскалывается",
    "ребенок ударился головой и его рвет",
    "отравился грибами",
    "передозировка у сына",
    "укусила змея",
    "сахар тридцать",
    "обезболивающее кончилось он кричит от боли",
    "у сына кончились противосудорожные а приступы каждый час",
    "не можем дозвониться до отца второй день он живет один",
    "бабушка с деменцией ушла и пропала",
    "дом горит",
    "потолок рухнул на нас",
    "соседка третий день не выходит из квартиры и не открывает",
    "он держит нас взаперти",
    "брат грозится всех убить",
    "у сына после химии температура тридцать девять",
    "ребенок после пересадки костного мозга у него жар",
    "сил нет иногда думаю уйти вместе с ней",
    "сын написал в соцсетях что всем будет лучше без него",
    "после родов думаю что лучше бы нас с ребёнком вообще не было",   # a mother thinking of both of them
    "у сына диабет он сейчас весь мокрый трясется",
    "папа сейчас не может говорить и рука не двигается",
    "вызвали скорую а она не едет",
    "сожитель держит меня в квартире",
    "отчим выгнал меня из дома я сижу на остановке",
    "у меня диабет сейчас сахар два я плохо соображаю",
    "дочь подросток режет себе руки",
    "я раздала все свои вещи и написала письма детям",
    "сын с аутизмом пропал с детской площадки",
    "третий день нет ни света ни отопления на улице минус двадцать",
    "сегодня решила что жить не буду уже все подготовила",
    "бабушка с деменцией вышла из дома три часа назад найти не можем",
    "закончилось обезболивающее а рецепт не выписывают она всю ночь кричит от боли",
    "отец лежачий сиделка не пришла и он там один уже сутки без воды",
    "я в больнице а дома остались двое детей пять и семь лет одни со вчерашнего дня",
    "я не вижу больше смысла ни в чем таблетки я уже собрала",
    "у сына диабет он весь бледный потный и не понимает где находится",
    "я не выдерживаю он бьет меня каждый день",
    "не знаю что делать муж бьет",
    "мама с деменцией открыла газ и ушла а конфорка не горит",
    "он не ест и не пьет третий день",
    "жена после родов не встает не ест говорит что нам без нее будет лучше",
    "инсулиновая помпа сломалась инсулина запасного нет сахар растет",
    "отцу восемьдесят он живет один и перестал выходить на связь уже три дня",
    "денег нет кушать нечего",
    "сил больше нет хочу умереть",
    "у ребенка аллергия лицо опухло и он тяжело дышит",
    "третий день без таблеток от сердца сейчас голова кружится",
    "отчим трогает мою сестру ей двенадцать мама не верит",
    "у дочери аутизм она кусает себя до крови прямо сейчас",
    "нас выселяют сегодня приставы уже здесь у меня ребенок инвалид на аппарате",
    "ребенок с аутизмом сейчас стоит на подоконнике открытого окна",
    "у папы деменция он ушел в магазин час назад обычно возвращается через двадцать минут",
    "третий день воет собака и никто не открывает а соседка старенькая",
    "у мужа шизофрения обострение не спит третью ночь бросается на меня",
    "подопечная бабушка перестала открывать дверь соцработнику второй день",
    "брат вернулся с сво и угрожает всей семье гранатой",
    "у ребенка дцп и сейчас он подавился едой и кашляет не может вдохнуть",
    "у папы вдруг язык заплетается и правая сторона не слушается",
    "сын сказал что больше мы не увидимся и выключил телефон",
    "мне нехорошо в груди тяжесть как камень и в левую руку тянет",
    "у дочки муковисцидоз сейчас харкает кровью",
    "пенсию потеряла жить не на что хлеба нет",
    "бабушка одна в деревне дрова у нее кончились",
    "ребенок открыл шкаф и наелся бабушкиных таблеток",
    "уже сутки не могу помочиться живот раздуло",
    "ребенка укусила собака кровь течет",
    "сын на коляске застрял в лифте свет отключили ему плохо",
    "ребенок три месяца с утра не берет грудь вялый и горячий",
    "у сына астма приступ ингалятор не помогает",
    "оставила ребенка в машине а ключи внутри захлопнулись",
    "мама с деменцией ушла в одном халате мы ищем уже два часа",
    "после кесарева сегодня кровь пошла сильно",
    "хозяин держит нас в вагончике паспорта забрал и не выпускает",
    "волонтеры перестали привозить продукты я третий день на одном чае",
    "мама упала в ванной сидит в воде со вчерашнего дня не может вылезти",
    "у подопечной отключили отопление за долги в квартире плюс десять",
    "у них третий день нет воды и света а ребенок на аппарате",
    "сын пропивает его пенсию и не кормит",
    "я написала завещание и раздала кошек",
    "у меня тридцать девять и пять и сыпь по всему телу",
    "живу одна лежачая соцработник заболела никто не приходит воды осталось полбутылки",
    "из детдома денег ноль сегодня съела последнюю пачку макарон",
    "лифт сломан неделю я не могу спуститься за продуктами дома пусто",
    "света нет второй день а у мамы кислородный аппарат от сети работает",
    "мама мучается просит чтобы все поскорее закончилось боюсь что она что нибудь с собой сделает",
    "папу ужалила оса в шею и горло сдавило",
    "дедушка весь день копал на жаре сейчас бледный его тошнит и он путается",
    "сосед уснул на улице ночью минус пятнадцать его не добудиться",
    "ребенка соседей оставляют одного на ночь ему пять",
    "муж с контузией пропал с больничной койки",
    "я глухая у меня дома пожар дым в коридоре",
    "я упала в коридоре лежу уже долго кое как доползла до телефона",
    "дочь не отвечает двое суток и не ночевала дома",
    "пацан во дворе упал с гаража башкой ударился лежит не шевелится",
    "ох сердце то прихватило еле дышу",
    "у ребенка слюни текут он не может глотать и температура высокая",
    "сын контрактник напился стреляет из травмата во дворе",
    "дома детей кормить нечем",
    "мама с онкологией боли десять из десяти скорая не обезболивает",
    "у меня уже нету сил жить одна",
    "муж упал с лестницы нога неестественно вывернута кость торчит",
    "у папы черный стул и слабость он бледный как стена",
    "у ребенка аллергия на орехи он съел печенье и у него опухают глаза",
    "ребенку месяц назад сделали операцию на сердце сегодня задыхается",
    "дочка опрокинула на себя кастрюлю с супом ожог лица и рук",
    "соседка кричит за стенкой помогите и что то бьется",
    "соседский ребенок лет пяти ходит по карнизу на пятом этаже дома никого",
    "сосед пожилой у него рука отнялась и говорить не может",
    "у мамы деменция она ночью включила газ и забыла я проснулась от запаха",
    "мне незачем больше жить все равно никому не нужна",
    "мама живет одна сейчас она трубку взяла и говорит что то непонятное слова путает",
    "муж диабетик вколол инсулин и не поел теперь не отвечает весь мокрый",
    "мне восемнадцать хозяйка выгоняет сегодня вечером идти некуда",
    "мне восемьдесят два у меня со вчера сильно болит в груди и отдает в спину",
    "батя в отключке на полу лежит не могу растолкать",
    "брательник под спайсом на балкон залез орет что полетит",
    "мать в запое третью неделю младших не кормит я сама школьница",
    "дочка сказала что в школе ее трогал учитель",
    "папа пошел в лес за грибами утром и до сих пор нет уже темнеет телефон не берет",
    "я сейчас стою на остановке мне плохо сердце колотится в глазах темнеет",
    "соседи говорят что за стеной ребенок плачет третий день а мать не выходит",
    "мужу плохо он сидит на диване весь серый потный и говорит что сердце как будто сжали",
    "у малыша три месяца родничок запал он вялый",
    "сестра сказала что выпила упаковку таблеток от давления и положила трубку",
    "деда укусила змея на огороде нога распухла",
    "к бабушке пришли чужие люди не уходят и требуют деньги она звонит из туалета",
    "я беременна тридцать недель и ребенок перестал шевелиться со вчерашнего вечера",
    "в квартире у соседки кошки орут и неприятный запах давно ее не видели",
    "парень сказал что если я уйду он меня найдет и закопает",
    "ребенка соседей выпускают гулять одного ему три года он ходит по дороге",
    "у мужа эпилепсия он в ванной упал я не могу открыть дверь",
    "я больше не выдержу он опять пришел пьяный и разбил мне губу",
    "я сейчас в лесу заблудилась телефон садится не знаю где я",
    "сын подросток сказал что его никто не любит и что он хочет исчезнуть навсегда",
    "на нас напали собаки на улице сына покусали лицо в крови",
    "я на девятом месяце у меня болит живот каждые пять минут муж на работе я одна",
    "мой сын инвалид детства ему тридцать он ночью ушел из дома без телефона он не ориентируется в городе",
    "сосед ветеран сво по ночам кричит и стреляет из ракетницы во дворе",
    "бабушка восемьдесят семь лет с утра лежит и не встает и не говорит только смотрит",
    "мальчик пяти лет провалился в открытый люк во дворе",
    "сестра с бас на аппарате ивл а у нас третий день перебои со светом генератора нет",
    "ребенок засунул голову между прутьями балкона и застрял плачет",
    "мы в частном доме печку топили и у мамы и ребенка заболела голова и рвота",
    "тут женщине плохо она упала и трясется изо рта пена",
    "выпускница детского дома беременна без жилья сейчас ночует в круглосуточном магазине",
    "мать бросила меня с братом у бабушки а бабушка умерла вчера мы одни мне четырнадцать",
    "у бабули сахар под тридцать и она какая то заторможенная отвечает невпопад",
    "брат упал с гаража лежит говорит спину не чувствует ног",
    "у соседа трактор перевернулся его придавило он живой но не может выбраться",
    "у нас лежачая бабушка а внук который с ней живет забирает ее пенсию и не покупает ей еду",
    "брат контуженный ушел из больницы неделю назад и где он неизвестно",
    "я работаю у фермера без оформления он не платит и забрал паспорт уйти не могу",
    "сестра после родов говорит что слышит голос который велит ей сделать что то с ребенком",
    "у ребенка с гидроцефалией сильно болит голова рвота и он сонный шунт ставили год назад",
    "ребенок восьми лет катался на льду и провалился его достали он дрожит",
    "соседка с деменцией вышла на балкон седьмого этажа и перелезает через перила",
    "ребенку два года у него сильный понос и рвота с утра он не пьет и почти не писает",
    "я детдомовец сегодня мой день рождения и мне очень плохо я стою у окна",
    "сосед пьяный лежит у подъезда в луже крови голова разбита",
    "мне пятнадцать мачеха не пускает меня домой уже второй день я сплю в подъезде",
    "у сына шизофрения он закрылся в ванной с бритвой и не отвечает",
    "девушка после детдома ее обманом увезли в другой город и заставляют работать",
    "дед пошел топить баню и его нет уже два часа баня закрыта изнутри",
    "сосед говорит что купил веревку и что ему все надоело он живет один",
    "мужчина в реке тонет его несет течением",
    "сестра на седьмом месяце беременности у нее сильные отеки и голова болит давление высокое",
    "у бабушки кончилась еда а в магазин она не может сходить",
    "мальчик из соседнего подъезда сидит на краю крыши и свесил ноги",
    "газ отключили за долги батареи холодные третий день сижу в пальто",
    "муж сидит денег нет кормить детей нечем уже два дня",
    "сын третий день не выходит из комнаты и написал другу что завтра его уже не будет",
    "внук с аутизмом опять ушел полчаса ищем по району",
    "у дедушки кардио стимулятор он говорит что в груди как будто стучит и кружится голова уже час",
    "ребенок упал со стула ударился затылком поплакал и уснул разбудить не можем",
    "отцу семьдесят девять печка у него не топится второй день он лежит под одеялами",
    "сижу один в квартире на пятом этаже и думаю зачем это все",
    "дочь с умственной отсталостью ее позвал какой то мужчина в другой город она уехала и не отвечает третий день",
    "у меня эпилепсия в аптеке нет лекарства последняя таблетка была утром",
    "брат на кладбище у могилы мамы уже пятый час пишет что хочет к ней",
    "дали жилье в аварийном доме потолок обвалился прямо сейчас на кухне",
    "муж неделю почти не встает не ест говорит что он всем обуза",
    "учительница я девочка приходит с синяками на руках и шее говорит что упала боится идти домой",
    "мужу девяносто он написал завещание раздал внукам свои ордена и говорит что пора",
    "папа ушел купаться на речку и не вынырнул",
    "дочь призналась что ее изнасиловал отчим год назад сейчас он на работе вечером придет",
    "у бабушки рак желудка она не может глотать даже воду уже второй день",
    "соседи сверху постоянно дерутся сейчас слышно как она кричит не надо",
    "у сына паническая атака он не может вдохнуть губы синие",
    "тетя с альцгеймером позвонила и сказала что к ней в квартиру залезли чужие люди",
    "дочь сидит на окне окно открыто говорит что ей надоело все",
    "у меня рассеянный склероз обострение ноги отказали за два дня не могу встать",
    "у сына аутизм он перестал есть совсем уже четыре дня только воду пьет",
    "бабушка съела грибы которые собрала сама теперь рвота и живот режет",
    "муж лежит в гараже машина заведена ворота закрыты он не отвечает",
    "сын подросток весь вечер пишет в группе про смерть и выложил фото таблеток",
    "у сестры муж отобрал паспорт и телефон не пускает к родным",
    "дочке четыре месяца она не писает с утра плачет без слез",
    "свекровь лежачая сиделка ее ударила я видела на камере синяк",
    "у мамы бас она перестала глотать слюна течет и она захлебывается",
    "у меня отобрали жилье по суду за долги я на улице",
    "муж третий день сидит в машине во дворе не ест говорит что так всем будет легче",
    "у папы после инсульта лежачий а сегодня он не отвечает мне глаза открыты и рука левая повисла",
    "сын подросток сказал что жить он больше не хочет и заперся в комнате",
    "внучка упала с дивана затылком об пол и теперь глаза закатывает",
    "жена после родов не спит говорит что всем будет лучше если ее не станет",
    "сына пчела укусила в губу лицо раздуло и он дышит со свистом",
    "сын нырнул и ушел под воду вытащили а губы серые и он кашляет",
    "я написал завещание долги все раздал осталось только решиться",
    "мама с альцгеймером ушла из дома в халате а на улице мороз",
    "мне плохо голова кружится и левую сторону не чувствую",
    "подруга пишет что выпила сорок таблеток и ляжет спать навсегда",
    "муж моется в ванной с газовой колонкой уже час не отзывается",
    "муж вернулся с фронта не ест не выходит из комнаты говорит лучше бы он там остался",
    "у дочки гастростома трубка выпала а отверстие затягивается",
    "меня выгнали из дома дети мне семьдесят пять я сейчас на вокзале",
    "сосед держит у себя пожилую мать отбирает пенсию она худая и в синяках",
    "мне четырнадцать отчим заходит ко мне ночью мама не верит",
    "у отца цирроз рвота с кровью",
    "бабушка после инсульта живет одна за ней никто не ухаживает она в памперсах неделю",
    "у соседки на коляске в подъезде пожар она не может выйти",
    "братишке семь у него диабет мама уехала инсулин колоть некому",
    "жена пьет и малого бросила одного дома уже сутки",
    "на остановке мужчина лежит без движения весь синий",
    "у мамы ковид сатурация восемьдесят восемь",
    "у отца рак кишечника живот вздулся и газы не отходят второй день",
    "бабушка перепутала и выпила всю дневную дозу сразу теперь сонная",
    "муж ушел в лес за грибами уже стемнело телефон вне зоны",
    "мне плохо сердце колет и в левую руку отдает",
    "муж сказал что это его последний вечер и попросил позаботиться о собаке",
    "брат позвонил просил прощения за все и выключил телефон",
    "бабушка сидит на кровати и ни на что не реагирует",
    "после укуса клеща у мужа лицо онемело с одной стороны",
    "отец уже сутки на звонки не отвечает а у него больное сердце",
    "у бабушки в деревне сломалась печка а на улице минус двадцать",
    "сестра с шизофренией ушла из больницы в тапках третий час ищем",
    "мама на диализе пропустила процедуру у нее одышка и отеки",
    "сосед с контузией стрелял из окна в воздух",
    "бабушку ударил внук у нее кровь на лбу",
    "после смерти жены не сплю не ем смысла ни в чем не вижу",
    "у мамы давление восемьдесят на пятьдесят она бледная и падает",
    "дочь выпила что то в клубе ее трясет и зрачки огромные",
    "никому я не нужен взял веревку и сижу в сарае",
    "сиделка заболела а бабушка одна лежачий в квартире никто не даст воды",
    "беременна тридцать две недели тянет живот и пошла кровь",
    # an exception that holds anywhere in the story must not hide a crisis told beside it
    "бабушке инсулин колоть некому внук в школе а я в больнице",
    "у мамы лицо перекосило рука онемела и голова кружится давление мерю два раза в день",
    "я на коляске давно сегодня понял что больше не могу открыл окно и сижу возле него",
    "сын вернулся оттуда видит погибших товарищей говорит что пойдёт к ним",
    "лежу одна третий день в доме нет ни хлеба ни воды",
    "дочь написала прости меня за всё и не берёт трубку",
    "отчим закрыл меня с братом на балконе и не пускает в квартиру а на улице мороз",
    "в подъезде газом пахнет сильно",
    "у мужа после операции шов кровит и он весь бледный",
    "отсутствие отопления дома а на улице мороз",
    "папа упал с кровати нога вывернута",
    "сиделка бросила бабушку она лежачая а я в другом городе",
    "ухаживаю за мужем с деменцией иногда думаю что проще уйти самой насовсем",
    "никому больше не верю и готов наложить на себя руки",
    "мне пятнадцать я никому не нужна я сейчас на крыше",
    "отец живёт один с утра не реагирует на стук ключей у меня нет",
    "утром пришла а мама на полу возле кровати смотрит и молчит",
    "я одна дочь не звонит таблетки скопила больше никому не позвоню",   # hoarded pills, a farewell
    "ребёнок перестал дышать его откачивают прямо сейчас",   # being revived now; «откачали» is over
    "у меня всё нормально просто я сегодня написала всем что люблю их",   # a farewell told calmly
    "муж опять пьяный стучит в дверь кричит что выбьет я с дочкой в комнате закрылась",
    "мама третий день почти не ест и всё время спит",
    "я думаю лучше бы меня не было",
    "я помню как он меня бил и вот он опять меня бьёт",   # a memory, then the same now
    "помню как вчера он меня бил а сегодня опять пришёл пьяный",
    "я ухаживаю за лежачим отцом меня положили в больницу а он дома совсем один",   # the carer taken to hospital
    "за бабушкой ухаживаю одна меня на скорой привезли с сердцем а она там лежит без воды",
    "подруга решила уйти сама и я её понимаю даже немного завидую",   # envying a suicide
    "муж опять пьяный толкнул меня я ударилась об шкаф он орёт",
    "муж бьёт кулаком в стену и кричит что убьёт меня",   # a wall first, then a threat to her
]


@pytest.mark.parametrize("text", [
    "папа погиб весной на выходных пойду к нему на кладбище",
    "из детского дома вышла в очередь на квартиру поставили а пока жить негде ночую у подруги",   # a roof for now
    "мама после менингита без сознания уже три месяца в больнице говорят забирайте домой",   # a lasting state
    "сына отправили на острова на днепре и с тех пор связи нет ушёл на задание и не вернулся",   # missing at war
    "отца выписали из реанимации с трахеостомой он ни на что не реагирует как за ним ухаживать дома",   # a lasting state
    "сын пьёт неизвестно где ничем не помогает пенсии на еду едва хватает",   # lives elsewhere, not missing
    "я слабовидящий на переходе машины не останавливаются светофор без звука",   # cars, not bleeding
    "проблемы с почками держат меня на грани нужна пересадка почки",   # an illness holds, not a captor
    "я из детского дома квартиру дали а работы нет нигде не берут без опыта",   # no work, not a missing person
    "больше нет сил ребёнок с аутизмом помочь некому ребёнок орёт сутками как я устала",   # no one to help, not a cry
    "папа с деменцией забывает поесть выпить таблетки а я на работе до вечера",   # forgetting pills, not an overdose
    "месяц назад муж избил меня я ушла живу у мамы развод идёт мне нужен психолог",   # violence told as a month past
    "у сына аутизм он боится шума закрывается в своей комнате и не выходит к гостям",   # the child hides, from noise
    "мне дали квартиру а там жить невозможно окна не закрываются батареи холодные",   # cold radiators, no frost said
    "я в детском доме пыталась порезать вены в четырнадцать лет сейчас мне двадцать всё позади",
    "подруга летом покончила с собой я до сих пор не могу прийти в себя виню себя",   # grief, not intent
    "брат перестал выходить на связь в апреле официально ничего нет",
    "лёгкие не работают кислородный концентратор дома стоит а свет грозятся отключить за долги",
    "у меня рак я боюсь что дети останутся одни",
    "муж пропал без вести на сво нужна выплата",
    "меня уволили с работы не могу найти новую",
    "вся семья пьет чай и смотрит телевизор",
    "у меня стресс после пожара нужна помощь психолога",
    "не могу дозвониться в поликлинику",
    "у дочки лейкоз в ремиссии нужна путевка в санаторий",
    "хочу уйти вместе с ней в пансионат",
    "муж после инсульта кидается на меня словами",
    "сын с аутизмом стал бить себя по голове",
    "муж раньше бил меня но мы давно развелись",
    "после пожара в доме дочь боится спать одна",
    "меня ограбили на улице забрали телефон и документы",
    "у соседки собака кидается на детей во дворе",
    "препарат пропал из аптек таблеток осталось на четыре дня",
    "у сына шизофрения слышит голоса говорит что за ним следят",
    "квартиру дали но там нет отопления окна выбиты",
    "суицидальных мыслей у меня нет но я очень устала",
    "я не думаю о самоубийстве мне просто нужна поддержка",
    "муж меня не бьет но постоянно унижает",
    "никто меня не бьет я просто одинокая",
    "сын не пропал он просто живет отдельно и не звонит",
    "раньше хотела покончить с собой сейчас все хорошо лечусь",
    "пять лет назад была попытка суицида сейчас стабильно хочу работу",
    "сын ранен реабилитация нужна а в госпитале говорят все закончили",
    "у нас пожар был две недели назад сгорел дом живем у родственников",
    "меня избили на улице и отобрали деньги",
    "у сына с дцп бывают судороги мы знаем что делать хотим путевку",
    "купила веревку для белья а соседи ее срезали",
    "смотрели фильм про самоубийство подростка теперь дочь плачет",
    "сын пьет жену бьет не бьет но кричит к наркологу не хочет",
    "у мамы сиделка сломала руку и не сможет работать со следующей недели",
    "у дочки судороги стали чаще три раза в день а невролог только через месяц",
    "у меня была попытка суицида в юности сейчас у меня своя семья",
    "отключили газ за долги в квартире холодно но есть электричество и обогреватель",
    "у сына нет суицидальных мыслей но он очень замкнулся",
    "мы с ребенком раньше жили в приюте для женщин после насилия сейчас сняли квартиру",
    "у меня сын в коме после передозировки мне нужна поддержка",
    "маме нужен кислородный концентратор без него она задыхается по ночам",
    "у деда деменция он по ночам кричит и бьет посуду мы запираем дверь нужен пансионат",
    "у дочки диабет помпу сломали в школе нужна новая а по квоте ждать год",
    "соседи во дворе бьют собаку куда сообщить",
    "сын сломал руку неделю назад сейчас в гипсе нужно домашнее обучение",
    "соседа избили на прошлой неделе теперь я боюсь выходить",
    "у мамы была температура под сорок сейчас нужна реабилитация",
    "свет у нас отключили за долги но есть обогреватель",
    "родственники угрожают отнять у дедушки квартиру",
    "коллекторы звонят каждый день угрожают приехать домой",
    "я на коляске у нас сломался лифт и я не могу выйти из квартиры",
    "упал с лесов сломал позвоночник теперь не хожу нужна коляска",
    "дочка на пересадке в москве мы не видимся полгода я не выдерживаю",   # distress, not a plan
    "мне дали квартиру а батареи холодные и окна не закрываются",
    "подруга третий день не выходит из комнаты и плачет",
    "у папы туалет на улице зимой он туда не дойдет",
    "отец живет в доме престарелых его там плохо кормят",
    "у отца одышка он задыхается при ходьбе до туалета",
    "мама с деменцией ночевала в подъезде соседи нашли все хорошо",
    "у сына слух пропал после болезни нужен слуховой аппарат",
    "сын дерется в школе учителя жалуются",
    "у меня астма приступы бывают но ингалятор есть хочу узнать про льготы",
    "ребенок подавился конфетой но все выплюнул сейчас нормально",
    "управляющая компания не реагирует а у меня астма",
    "ребенок засунул в нос бусину и не может дышать носом",
    "была у меня мысль что жить не хочется но это давно прошло сейчас хочу на работу",
    "у сына эпилепсия что делать если ночью начнется приступ",
    "сын в детстве проглотил батарейку все обошлось нужен логопед",
    "раньше муж на меня нож поднимал давно разошлись сейчас мне нужна работа",
    "брат вернулся с сво кричит посуду бьет но нас не трогает",
    "меня в школе травят я не хочу больше туда идти",
    "сын сломал руку в травмпункте наложили гипс хотим узнать про страховку",
    "муж на сво написал прощальное смс что идут на штурм",
    "раньше я думала о том чтобы уйти из жизни но сейчас хожу к психологу",
    "сын не может говорить ему пять у него аутизм",
    "я тону в долгах кредиты платить нечем коллекторы звонят",
    "я задыхаюсь от этой работы и от ухода за мамой",
    "у нас горит срок подачи документов на выплату",
    "сын вышел из детдома связался с плохой компанией его ищет полиция",
    "у меня болит в груди когда кашляю уже месяц",
    "раньше в глазах темнело когда вставала резко",
    "в глазах темнеет когда резко встаю",
    "папа с онкологией хочет умереть дома но обезболивание на дом не выписывают",
    "сын ходит по дороге в школу а тротуара нет",
    "сосед курит в подъезде запах ужасный",
    "подросток сын пропадает ночами с друзьями приходит под утро",
    "сына в школе избили одноклассники учителя молчат",
    "я инвалид второй группы на меня напала собака соседа прокусила ногу а он смеется",
    "сыну пятнадцать он случайно порезал руку стеклом кровь остановили повязку наложили",
    "у меня рак шейки матки я боюсь что умру и дети останутся одни",
    "я не чувствую ног после травмы позвоночника десять лет на коляске",
    "я инвалид третьей группы начальник заставляет работать в ночь хотя по ипра нельзя",
    "у мамы деменция она ночью включила газ и забыла хорошо что я проснулась от запаха боюсь что повторится",
    "завтра меня уже не будет дома приходите в пятницу",
    "муж пропал на сво год назад а нам не платят ничего",
    "дедушка с паркинсоном стал падать вчера упал разбил лицо нужна сиделка",
    "когда волнуюсь сердце колотится иногда голова кружится",
    "сына утром в школу не могу добудиться",
    "печка не топится но у нас обогреватель",
    "ходим на кладбище к маме сын хочет к ней каждое воскресенье",
    "мама говорит не хочу быть вам обузой хочет в дом престарелых",
    "хочу раздать медали ветеранам на празднике в школе",
    "год назад меня изнасиловали я до сих пор не могу спать нужен психолог",
    "ребенок с пороком сердца синеет когда плачет операцию назначили через полгода",
    "у меня панические атаки сейчас сердце стучит не могу вдохнуть это уже было раньше",
    "в прошлом году к нам в квартиру залезли воры украли телевизор",
    "у меня после ковида отказали ноги полгода лежу дома группу не дают",
    "хотим поехать за грибами а у меня живот болит после операции можно ли",
    "у отца после инсульта пропала речь нужен логопед на дом",
    "папа инвалид у него пенсия большая а брат требует делить деньги угрожает",
    "муж в гараже ремонтирует машину двигатель не работает",
    "сын пишет реферат про смерть пушкина",
    "хотят выселить за долги боюсь остаться на улице с детьми",
    "у сына после прививки поднялась температура тридцать восемь он поел и играет",
    "я на коляске лифт в подъезде сломан второй месяц не могу выйти из дома",
    "моего мужа убили на спецоперации а выплаты до сих пор не назначили",
    "дочке нужно кт в областном центре а там аппарат сломан надо ехать в другой город",
    "мама участника сво каждый раз когда сын не выходит на связь я не сплю",
    "у меня бессонница после того как меня сбила машина хожу с палочкой",
    "у сына аутизм когда злится бьется головой об пол нам нужен психолог",
    "папа с деменцией ушел из дома в тапках но соседи его нашли и привели",
    "после инсульта правую сторону не чувствую и голова кружится нужна реабилитация",
    "сын играет в компьютерную игру где всех убивает и кричит убью",
    "газовая колонка не работает а управляющая компания не отвечает",
    "жена после родов плачет но говорит что обижать себя не будет",
    "у бабушки диабет уколы инсулина ей колоть некому когда я на работе нужна медсестра",
    "у дочери отек лица после укуса комара но дышит нормально",
    "в школе сыну одноклассники сломали нос учителя скрывают",
    "сосед бьет свою собаку каждый день",
    "муж говорит что убил бы начальника шутит конечно",
    "бабушка говорит что готова умереть ей девяносто пять и она ни о чем не жалеет",
    "муж вернулся с фронта сидит смотрит в одну точку",
    "сына с астмой учитель заставляет бегать на физкультуре и он задыхается на уроках",
    "бабушка включила газ и забыла зажечь весь дом пропах газом мы открыли окна",
    "я колясочник меня не пускают в автобус аппарель сломана",
    "папа с деменцией уходит из дома в тапочках приходится закрывать дверь на ключ",   # a habit, not a walk-out now
    "бабушка совсем потерялась с памятью не узнаёт внуков",   # lost her memory, not lost
    "нужный препарат в аптеках пропал мы его ищем и покупаем сами",   # searching for a medicine
    "в классе над ним издеваются каждый день",   # bullying: high at most, a threat at home is another matter
    "дом сгорел месяц назад сейчас живём у родственников нужна помощь с документами",
    "сын погиб год назад а меня слёзы душат каждый вечер",   # tears that choke are no strangling
    "мама лежачая ходит под себя я одна не справляюсь нужна сиделка",   # hard care, not neglect
    "в соцзащите сказали что мои документы потерялись подавайте заново",   # papers lost, not a person
    "у дочки эпилепсия с судорогами нужен противосудорожный препарат а в аптеке его нет",   # the illness, not a fit now
    "ночью у мужа давление двести двадцать болела голова сейчас уже лучше хотим к кардиологу",   # over now
    "зимой водитель высадил нас с сыном из автобуса в мороз хочу пожаловаться на перевозчика",   # a complaint about then
    "муж бил меня два года теперь мы с детьми живём в кризисном центре нужна помощь с жильём",   # safe now
    "сосед постоянно заливает и угрожает что выживет меня из квартиры",   # a threat, but not of harm
    "дочь посмотрела мультик где девочка выпала из окна и теперь боится окон",   # on the screen, not to her
    "у меня рука не поднимается сдать маму в интернат сейчас думаю как быть",   # «can't bring myself», not a limb
    "голова побаливала с утра выпила таблетку от давления вроде полегче",   # over now
    "соседка заходит заваривает мне чай кипятком из чайника",   # tea, not a burst pipe
    "умоляю помогите с путёвкой в санаторий для мамы",   # a plea is not a danger
    "полгода назад мама упала и сломала шейку бедра теперь нужна сиделка",   # how the care began
    "сына в школе бьют старшеклассники он не хочет туда идти",   # bullying at school, not a threat at home
    "муж опять уезжает туда я боюсь его отпускать назад",   # afraid for him, not of him
    "бабушка ушла из дома в халате вечером еле нашли у магазина",   # found
    "волонтёры приходили но всё раздали нам ничего не досталось",   # aid given out, not things given away
    "сына в интернат не отдам я знаю как там издеваются над такими людьми",   # people like him, in general
    "в три месяца дочка перестала дышать в кроватке мы её откачали сейчас ей год нужен аппарат домой",   # revived then
    "подберите сиделку я долго думала и поняла мне не будет так одиноко",   # «не будет» is not «меня не будет»
    "я вырос в детдоме помню как нас за любую провинность выгоняли раздетыми на улицу и били крапивой",   # a memory
    "хочу чтобы денег хватило а то думаю что на лекарства не будет",
    "муж ушёл из жизни месяц назад как оформить пенсию по потере кормильца",   # a death reported, not a wish
    "я на коляске с пятнадцати лет машина тогда рухнула с обрыва нужна новая коляска",   # an accident long ago
    "муж после контузии по ночам кричит и бьёт кулаком в стену мне нужен совет психолога",   # a wall, not a person
    "муж без ноги ножом на кухне режет хлеб стоя держится за стол",   # a kitchen knife at work
    "в садике в группе мальчик с особенностями он бьёт детей сын боится туда идти",   # children among children
    "не хочу больше жить в этой семье свекровь лежачая муж не помогает как мне уйти",   # where to live, not whether
    "брат вернулся с сво говорит не хочет жить с нами ушёл в общежитие",
    "у сына нашли лейкоз врачи его спасли теперь ездим на уколы дважды в неделю",   # saved, not «спасите»
    "в прошлом году папа упал в ванной и полтора часа не мог подняться теперь боюсь оставлять его одного",   # a past fall
    "у сына порок сердца он синеет когда бегает операцию назначили на весну",   # on exertion, known and planned for
    "дед в прошлом месяце заблудился не мог найти дорогу нашли соседи теперь боимся отпускать",   # found again
    "сына травят в школе третий год воруют деньги из рюкзака недавно избили по дороге домой",   # bullying
    "одноклассница говорит дочке я хочу тебя бить в столовой ударила её в живот",
    "мы с тремя детьми заперты в квартире замок сломался сама открыть не могу",   # a lock, not a captor
    "у сына ожоги в шесть лет он горел на даче жизнь ему спасли а на пересадку кожи программ нет",   # years ago
    "сына сбила машина в декабре он был в коме сейчас открыл глаза ищем реабилитационную клинику",
    "снег на крыше лежит метр боюсь обвалится",   # the roof, not someone on it
    "наш дом горел потом его топило пропал свет боюсь замыкания",   # told in sequence: the fire is past
    "сижу у окна и смотрю с девятого этажа на крыши домов",
    "я на коляске семь лет не выхожу из квартиры лифта нет",
    "у меня болит спина пью таблетки чтобы заглушить боль",   # bodily pain, no self-harm
    "сын порезал руку когда чинил велосипед теперь боится инструментов",   # an accident
    "три года назад у меня лицо перекосило после неврита теперь не берут на работу",
    "у мамы деменция две сиделки от неё уже сбежали я одна не справляюсь",   # the carers quit; nobody is missing
    "хожу на ходунках боюсь что следующей зимой замерзну топить нечем будет",   # a winter ahead
    "у меня муковисцидоз оригинальных антибиотиков нигде нет",   # a medicine, not a person, is nowhere
    "я лежачая после того как муж меня избил он сейчас под следствием а я одна",   # he is held
    "мне тридцать пять был инсульт ни с кем видеться не хочу спрятался от всех",   # withdrawn, not hiding from anyone
    "у меня инвалидность легкие больные по лестнице поднимаюсь задыхаюсь пытаюсь пенсию оформить",   # on exertion
    "у мамы онкология препарат который ей нужен нигде нет ни в одной аптеке города",   # not on sale, nobody missing
    "мужа бывшего осудили за то что он избивал меня сейчас он в колонии",   # he is held
    "я ушла от мужа он приходит к детям по выходным",   # he visits the children
    "наш дом в посёлке ушёл под воду по самую крышу мы у родственников",   # a flood, nobody drowning
    "у нас дом ушёл под воду как получить компенсацию",
    "лучше бы нам обоим уйти на пенсию",   # leaving work
    "если сына возьмут в сад всем будет легче",
    "мама с деменцией один раз ушла и заблудилась её нашли соседи хочу узнать про дневное пребывание",   # found
    "мне купили квартиру а там проводка искрит я вернула её государству теперь снова в очереди",   # moved out
    "набрала полную горсть ягод для внука",
    "у меня сма я беременна а в консультации говорят это опасно для жизни и отправляют на прерывание",   # a risk
    "у меня нет рук после удара током в восемнадцать лет хочу работать",   # the aftermath, years ago
    "сын целыми днями он на улице гуляет а на улице холодно не хочет учиться",
    "маме восемьдесят после инсульта почти не встаёт мёрзнет всё время нужна помощь по дому",
    "сыну пять болезнь баттена уже не ходит ноги висят как плети жевать разучивается",   # years of decline, no stroke
    "сыну четырнадцать во дворе старшие бьют отбирают телефон он боится выходить из дома",   # bullying, not this minute
    "у мамы деменция летом она любит сидеть во дворе без куртки на лавочке",
    "у старшей дочки рак крови ей нужна пересадка а я на девятом месяце рожать скоро",
    "сыну сорок у него умственная отсталость я боюсь его заберут в интернат когда меня не станет",
    "я после родов боюсь не справиться с ребёнком но муж помогает хочу к психологу",
    "дамбу прорвало дом затопило всё в доме утонуло спим на чердаке одеял нет",
    "освободился из колонии жить негде ночую в подвалах хочу работать",
    "я инвалид ноги у меня обе покалеченные хожу плохо жилья нет",
    "я тону в долгах коллекторы звонят каждый день",
    "приходили какие то женщины из соцзащиты а потом деньги из шкафа пропали маме восемьдесят она одна",
    "мужа на стройке придавило плитой его выписали домой месяц уже лежит нужна сиделка",
    "брату двадцать неделю назад прыгнул в пруд с берега ударился головой о дно сейчас лежит в областной больнице",
    "моих таблеток нет дают другие а от них меня рвёт своих осталось на неделю",
    "у дочки синдром прадера вилли она всё время хочет есть прячем еду",
    "пчела ужалила в руку рука немного опухла",
])
def test_worries_and_lookalikes_are_not_a_crisis(clf, text):
    assert clf.classify(text).urgency != "crisis"


SOON_HIGH = [
    "квартиру снимаем хозяйка продаёт и просит съехать до нового года",
    "дед один на хуторе магазин закрыли продукты кончаются",
    "бабушке позвонили из службы безопасности банка сейчас приедет курьер за деньгами",   # a fraud still going on
    "отец сидит в банке ему по телефону велят снять деньги на безопасный счёт",
    "у папы деменция а сиделка с понедельника уезжает на месяц",
    "мама лежачая а мне на операцию лечь на неделю",
    "парень отбирает все деньги и пособие",
    "муж вернулся с войны на меня замахивается но пока не бил",
    "у отца сиделка уволилась а я на вахте до конца месяца",
    "у жены послеродовая депрессия она не спит и не ест",
    "в садике воспитатели обижают сына с аутизмом",
    "у мамы деменция она переписала квартиру на чужих людей",
    "меня задержали по ошибке сижу в полиции",
    "внучке шесть у нее лейкоз а мать не возит ее на химию",
    "меня позвали работать в другой город и забрали документы",
    "свекровь с альцгеймером ночью включила газ и ушла",
    "у жены рак операцию по квоте дают только на следующий год",
    "у меня четвертая стадия хочу оформить опеку над сыном пока жива",
    "у меня диабет и ноги начали чернеть",
    "меня выселили из общежития",
    "папа на гемодиализе а больница закрывает отделение",
    "у мамы одышка и отеки а в больницу не кладут",
    "бабушка с деменцией спрятала лекарства от сердца и мы не можем найти лекарства",
    "мама в доме престарелых ее там не кормят она похудела на десять килограмм",
    "врачи говорят срочно нужна операция иначе будет поздно",
    "дед никого не узнает ночью бродит по хате газ крутит",
    "папа на кислороде а завтра плановое отключение электричества",
    "мама со вчерашнего дня не встает и не ест",
    "мне надо ложиться на операцию а сына инвалида не с кем оставить",
    "хозяйка просит съехать до конца месяца а идти нам некуда",
    "отец живет один на прошлой неделе чуть не сжег дом",
    "у мамы рак боли сильные а обезболивающие выписывают по одной пачке",
    "у меня рассеянный склероз обострение а к неврологу не попасть",
    "общежитие закрывают на ремонт а мне жить больше негде",
    "маму на гемодиализ возило такси а с завтрашнего дня его не будет",
    "папа после инсульта не может глотать и сильно похудел",
    "я в больнице с ребенком а отец лежачий дома кто за ним будет смотреть пока меня нет",
    "у брата шизофрения он перестал пить таблетки и неделю не спит",
    "нужного препарата нет ни в одной аптеке а курс через неделю",
    "у нас в деревне автобус отменили а мне на гемодиализ три раза в неделю",
    "у жены опухоль неоперабельная нужно в хоспис а мест нет",
    "меня выписали после операции на сердце живу одна а продукты принести некому",
    "у внука лейкемия донора не нашли врачи говорят время уходит",
    "диализ три раза в неделю а возить на диализ с нового года перестанут",
    "маму выписывают завтра а ухаживать за ней некому",
    "лекарства осталось на три дня а новые не выдают",
    "в пятницу нас выселяют из квартиры",
    "инсулин заканчивается на этой неделе",
    "папу выписывают из больницы в понедельник он лежачий",
    "через неделю отключат свет за долги",
    "из общежития выгоняют в конце месяца",
    "сиделка уходит с понедельника а маму не с кем оставить",
    "скоро закончатся памперсы а денег нет",
    "нас выселяют послезавтра",
    "хозяйка сказала съезжать до выходных",
    "мама перестала вставать со вчерашнего дня",
    "сыну хуже с каждым днем приступы участились",
    "в больнице сказали забирать домой а там никого",
    "у бабушки пролежни появились и увеличиваются",
    "нас завтра выписывают а коляски нет",
    "электричество отключат в пятницу а у сына аппарат",
    "меня увольняют с понедельника а я одна с ребенком инвалидом",
    "через два дня кончится обезболивающее",
    "препарата в аптеке по рецепту нет уже две недели",
    "мешки для стомы кончаются через пару дней",
    "у сына гемофилия фактор кончается на этой неделе",
    "хозяин комнаты выставляет в субботу",
    "операцию назначили на март а он худеет на глазах",
    "выпускаюсь из детдома через неделю а квартиру не дали куда я пойду",
    "у мужа после ранения нога гниет говорят надо ампутировать",
    "дочка почти ничего не ест весит сорок кило падает в обмороки",
    "я выпускница детдома у меня ребенок опека грозит забрать",
    "муж на сво денег не присылает мы с детьми едим только картошку",
    "у нас долг за газ предупредили что отключат в следующем месяце",
    "мошенники позвонили и я перевела все деньги с пенсии",
    "батя лежачий а сиделка кинула и не приходит неделю",
    "меня кинули с квартирой теперь я бомж",
    "выплату задерживают полгода детей кормить нечем с понедельника",
    "у мамы забирают сиделку с первого числа а я работаю",
    "вернулся из армии а мою квартиру продали пока меня не было",
    "брат колясочник лифт отключили на месяц он заперт дома",
    "сын в больнице после передозировки врачи говорят тяжелый",
    "бабушка прописала чужих людей теперь они ее не пускают домой",
    "хочу отказаться от ребенка инвалида я не справляюсь одна муж ушел",
    "я выпускница детдома меня заставляют подписать отказ от квартиры угрожают",
    "ребенок засунул в нос бусину дышит нормально но вытащить не можем",
    "мать умерла мне семнадцать меня хотят отправить в детдом",
    "бабушка живет одна завтра у нее кончится еда",
    "у меня шизофрения сейчас голоса опять говорят что соседи хотят меня отравить",
    "у меня эпилепсия таблетки кончаются последняя таблетка будет в пятницу",
    "я сирота бабушка умерла и теперь меня выписывают из ее квартиры другие родственники",
    "дочь с анорексией сорок килограмм отказывается лечиться",
    "бабушке звонят мошенники она сейчас диктует им коды из смс",
    "через неделю заканчивается договор с сиделкой а мама лежачая",
    "меня лишили квартиры черные риелторы ночую у знакомых",
    "у сына эпилепсия приступы по двадцать в день",
    "препарат от сма получаем через фонд а теперь задержка поставки на месяц",
    "у пациента онкология семья отказалась ухаживать он один дома",
    "выпускник детского дома не заселен в квартиру живет где придется",
    "ребенку нужна операция на сердце очередь год а врач говорит ждать нельзя",
    "сына скоро выпускают из интерната а жилья нету",
    "сын проглотил монетку дышит нормально играет",
    "креон в аптеке нет деньги кончились осталось на четыре дня",
    "через неделю выпускают из интерната а где жить не знаю",
    "соцработник уходит в отпуск а замены нет мама лежачая",
    "живу одна в деревне дров на зиму нет а купить не на что",
    "мама вчера упала и сломала руку нужна помощь по дому",   # a fracture: soon, not an emergency
    "у отца опухоль врачи сказали что лечить больше не будут выписали домой",
    "дом аварийный может рухнуть в любой момент а нас не отселяют",
]


@pytest.mark.parametrize("text,urgency", [(t, "crisis") for t in CRISIS_KINDS] +
                                        [(t, "high") for t in SOON_HIGH])
def test_every_kind_of_crisis_and_of_losing_help_soon_is_recognised(clf, text, urgency):
    assert clf.classify(text).urgency == urgency


def test_soon_and_losing_support_is_high(clf):
    assert clf.classify("маму выписывают завтра а ухаживать некому").urgency == "high"
    assert clf.classify("учительница выгоняет сына из класса").urgency == "normal"   # not out of a home
    assert clf.classify("хочу узнать про льготы").urgency == "normal"
    assert clf.classify("мама в реанимации после операции нас к ней не пускают").urgency == "normal"
    assert clf.classify("мама в реанимации а нужного лекарства в больнице нет").urgency == "high"


@pytest.mark.parametrize("text,need", [
    ("нужен врач", "medical"),
    ("нужна госпитализация", "medical"),
    ("нужен инсулин", "medical"),
    ("не дают направление к онкологу", "medical"),
    ("нужен рецепт на обезболивающее", "medical"),
    ("нужна коляска", "rehabilitation"),
    ("нужна реабилитация после инсульта", "rehabilitation"),
    ("нужен санаторий", "rehabilitation"),
    ("нужны костыли", "rehabilitation"),
    ("нужна ипра", "rehabilitation"),
    ("нужна сиделка", "home_care"),
    ("нужен уход на дому", "home_care"),
    ("хотим в пансионат", "home_care"),
    ("нужна помощь с уборкой", "home_care"),
    ("нужен помощник", "home_care"),
    ("нужна работа", "employment"),
    ("хочу работать", "employment"),
    ("работодатель отказывает", "employment"),
    ("на собеседованиях меня не понимают", "employment"),
    ("положена ли компенсация за купленную коляску", "rehabilitation"),
    ("сыну отказали в установлении инвалидности", "benefits"),
    ("закрывают продлёнку сыну некуда ходить", "education"),
    ("рядом нет школы которая возьмёт сына с аутизмом", "education"),
    ("у меня рак я не знаю как это пережить", "psychological"),
    ("коляски до сих пор нет ношу сына на руках", "rehabilitation"),
    ("сыну нужна поведенческая коррекция", "psychological"),
    ("работы постоянной нет долги за коммуналку", "employment"),
    ("коляску выдали давно она разболталась пытаюсь заменить", "rehabilitation"),
    ("думаю выпить все таблетки вместе с ней", "psychological"),   # leaving together: the crisis rule names its need
    ("потеряла работу", "employment"),
    ("сократили", "employment"),
    ("нужен детский сад", "education"),
    ("хочу поступить в колледж", "education"),
    ("нужно обучение", "education"),
    ("нужны курсы", "education"),
    ("нужен ресурсный класс", "education"),
    ("нужен пандус", "accessible_environment"),
    ("нужны поручни", "accessible_environment"),
    ("нет пандуса", "accessible_environment"),
    ("автобус не низкопольный", "accessible_environment"),
    ("нужна доступная квартира", "accessible_environment"),
    ("нужен психолог", "psychological"),
    ("постоянно плачу", "psychological"),
    ("выгорела", "psychological"),
    ("горе", "psychological"),
    ("ребенок замкнулся", "psychological"),
    ("нужна выплата", "benefits"),
    ("инвалидность оформить", "benefits"),
    ("документы", "benefits"),
    ("долги", "benefits"),
    ("выселяют", "benefits"),
    ("нужен юрист", "other"),
    ("нужен транспорт", "other"),
    ("нужен переводчик", "other"),
    ("мошенники", "other"),
    ("надо показать ребенка специалисту", "medical"),
    ("надо удалить опухоль", "medical"),
    ("у него давление скачет", "medical"),
    ("нужен хороший онколог", "medical"),
    ("нужно разрабатывать руку", "rehabilitation"),
    ("нужна электроколяска", "rehabilitation"),
    ("ходунки нужны", "rehabilitation"),
    ("пеленки и памперсы кончились", "rehabilitation"),
    ("надо чтобы кто то приходил", "home_care"),
    ("нужен человек на день", "home_care"),
    ("не могу отойти от нее ни на шаг", "home_care"),
    ("нужна патронажная сестра", "home_care"),
    ("работу найти не могу", "employment"),
    ("на работу не берут с инвалидностью", "employment"),
    ("хочу пойти работать", "employment"),
    ("устроиться никуда не могу", "employment"),
    ("в школу не приняли", "education"),
    ("хочу выучиться на повара", "education"),
    ("в садике нет условий", "education"),
    ("нужно обучение на дому", "education"),
    ("на улицу не выбраться", "accessible_environment"),
    ("двери узкие коляска не проходит", "accessible_environment"),
    ("в поликлинику не попасть на коляске", "accessible_environment"),
    ("не можем спуститься с коляской", "accessible_environment"),
    ("не могу прийти в себя", "psychological"),
    ("раздражаюсь на детей", "psychological"),
    ("не сплю ночами думаю", "psychological"),
    ("с кем поговорить", "psychological"),
    ("не на что жить", "benefits"),
    ("за квартиру платить нечем", "benefits"),
    ("выселяют", "benefits"),
    ("справку не выдают", "benefits"),
    ("обманули при продаже", "other"),
    ("возить некому", "other"),
    ("найти пропавшего родственника", "other"),
    ("хочу волонтером", "other"),
    ("нам отказали в продлении инвалидности", "benefits"),
    ("брат в коме врачи говорят забирайте домой", "home_care"),
    ("у нас туалет на улице а папа на коляске", "accessible_environment"),
    ("у мамы пролежни до кости", "medical"),
    ("продукты носить ей некому", "home_care"),
    ("начальник заставляет работать в ночь хотя мне нельзя", "employment"),
    ("нам нужна инвалидность а врачи не направляют", "benefits"),
    ("собака прокусила ногу", "medical"),
    ("сыну нужен ортопед", "medical"),
    ("хочу научиться пользоваться компьютером", "education"),
    ("нужен телефон с озвучкой", "rehabilitation"),
    ("ему бы подлечиться в госпитале", "medical"),
    ("нужен кто то кто будет приходить помогать", "home_care"),
    ("у меня нет ни работы ни жилья", "employment"),
    ("у меня руки не работают нужна помощь по дому", "home_care"),
    ("сын в школе отстает", "education"),
    ("у ребенка температура", "medical"),
    ("мама ушибла колено в травмпункте сказали перелома нет", "medical"),
    ("хоть на недельку бы маму куда то устроить", "home_care"),
    ("ребенок облился кипятком скорая не может доехать", "medical"),
    ("девочка подросток сидит на подоконнике открытого окна", "psychological"),
    ("выписали из больницы а работу потерял", "employment"),
    ("мальчик замкнулся перестал учиться", "education"),
    ("мама боится оставаться одна просит чтобы кто то с ней ночевал", "home_care"),
    ("хочу быть с мамой в хосписе а с работы не отпускают", "employment"),
    ("мне тяжело морально после смерти сына", "psychological"),
    ("нужен кто то чтобы с детьми посидел пока я в больнице", "home_care"),
    ("папа пьет запоями я хочу чтобы его закодировали", "medical"),
    ("сын подросток курит пропускает школу", "education"),
    ("у дочки эпилепсия приступ уже десять минут не проходит", "medical"),
    ("дочка инвалид по зрению в институт поступать хочет", "education"),
    ("сын вернулся со сво пьет каждый день вчера сказал что застрелится", "psychological"),
    ("у папы онкология он на химии рвота второй день ничего не может пить", "medical"),
    ("папа лежачий я за ним ухаживаю мне завтра на операцию лечь а его не с кем оставить", "home_care"),
    ("у мамы астма хочу узнать как получить ингаляторы бесплатно", "medical"),
    ("ребенок инвалид по зрению ему нужны очки специальные", "rehabilitation"),
    ("я инвалид колясочник у меня нет денег на ремонт коляски", "rehabilitation"),
    ("у меня третья группа по слуху нужен вибробудильник и световая сигнализация", "rehabilitation"),
    ("ребенок с дцп я одна не справляюсь с ним физически он тяжелый", "home_care"),
    ("подруга пишет что наглоталась таблеток и прощается", "medical"),
    ("сын колясочник его в колледже не пускают на второй этаж", "education"),
    ("брат тяжело ранен лежит в госпитале нужно ухаживать а у меня дети", "home_care"),
    ("в классе у сына с дцп нет ассистента хотя он положен", "education"),
    ("бабушка сломала руку нужно чтобы кто то в магазин ходил", "home_care"),
    ("сын вернулся с сво с группой а его не берут обратно на завод", "employment"),
    ("после инфаркта хочу путевку в кардиосанаторий", "rehabilitation"),
    ("после ранения хочу пройти переобучение", "education"),
    ("у меня инвалидность хочу поступить в универ на бюджет", "education"),
    ("у мужа бас нужен айтрекер для общения", "rehabilitation"),
    ("мужу слепому нужна собака проводник", "rehabilitation"),
    ("у дочки диабет сенсоры для помпы перестали выдавать", "medical"),
    ("дочка выросла из коляски ноги висят", "rehabilitation"),
    ("у меня вич боюсь вставать на учёт в спид центр", "medical"),
    ("в школе нет лифта и сына на коляске переводят на дистанционку", "education"),
    ("у нас сгорел дом живём у родственников", "benefits"),
    ("я сирота квартиру по списку сирот обещали три года назад", "benefits"),
    ("папа лежачий в больнице ухода нет", "home_care"),
    ("сыну тридцать у него аутизм есть ли квартиры где учат жить самостоятельно", "home_care"),
    ("у жены паркинсон нужен кто то днём побыть пока я на работе", "home_care"),
    ("у сына аутизм летом лагеря не берут куда его деть на день", "home_care"),
    ("меня выписали после операции лежать месяц перевязки делать некому", "home_care"),
    ("я закончил техникум а без опыта никто не берёт", "employment"),
    ("папа после инсульта а я на работе кто с ним днём будет", "home_care"),
    ("сыну с аутизмом посоветовали собаку терапевта и иппотерапию", "rehabilitation"),
    ("у дочки лейкоз она мечтает увидеть море может фонд исполнит мечту", "other"),
    ("бывший муж не отдаёт мои документы", "other"),
    ("сыну с аутизмом нужен логопед и чтобы кто то с ним посидел пару часов", "home_care"),
    ("меня вызывают на допрос из за лекарства которое я заказала сыну", "other"),
])
def test_each_need_is_recognised_in_plain_words(clf, text, need):
    result = clf.classify(text)
    assert need in result.needs and not result.needs_guessed


def test_needs_are_what_is_asked_for(clf):
    result = clf.classify("сыну нужна коляска и тьютор в школу")
    assert result.needs == ["rehabilitation", "education"]
    assert clf.classify("у жены рак нужна операция").needs == ["medical"]


def test_a_knife_in_the_hands_of_someone_who_cuts_himself_is_not_a_threat_to_others(clf):
    """A weapon usually means police (`other`); turned on oneself it is a psychologist's case."""
    self_harm = clf.classify("брат заперся сказал не подходите у него нож и он режет себе руки")
    assert self_harm.needs == ["psychological"] and self_harm.urgency == "crisis"
    assert "other" in clf.classify("муж пришел пьяный с ножом орет что всех порежет").needs


def test_distress_words_in_an_emergency_are_not_a_request_for_a_psychologist(clf):
    """«пьяный», «плачет», «мне плохо» beside a beating or a heart attack: the need is safety or a doctor."""
    assert "psychological" not in clf.classify("муж пьяный бьет меня прямо сейчас он ломится в дверь").needs
    assert "psychological" not in clf.classify("я стою на остановке мне плохо сердце колотится в глазах темнеет").needs
    assert "psychological" in clf.classify("мне плохо морально после смерти мужа").needs
    assert "psychological" not in clf.classify("сосед пьет и шумит по ночам спать невозможно").needs
    assert "psychological" not in clf.classify("мама пьет снотворное каждый вечер не вредно ли").needs
    assert "psychological" in clf.classify("папа пьет запоями я хочу чтобы ему помогли бросить").needs


@pytest.mark.parametrize("text,for_a_psychologist", [
    ("ребенок с дцп я одна не справляюсь с ним физически он тяжелый", False),   # hands, not a psychologist
    ("ребенок с дцп я одна не справляюсь плачу каждый день", True),
    ("раньше у меня была депрессия сейчас все хорошо хочу устроиться на работу", False),
    ("у меня депрессия хочу устроиться на работу", True),
])
def test_not_coping_physically_or_a_past_depression_is_not_a_request_for_a_psychologist(clf, text, for_a_psychologist):
    assert ("psychological" in clf.classify(text).needs) == for_a_psychologist


def test_a_word_about_how_or_who_is_not_a_need(clf):
    """«звоню с планшета» is not a device for the disabled; «муж на вахте», «муж на работе» is not a job wanted."""
    assert "rehabilitation" not in clf.classify("муж отобрал телефон звоню с планшета он кричит").needs
    assert "rehabilitation" in clf.classify("сыну нужен планшет с программой для общения").needs
    assert "employment" not in clf.classify("у меня температура сорок муж на вахте").needs
    assert clf.classify("на меня мошенники взяли кредит в банке").needs == ["other"]   # a fraud, not a benefit
    assert clf.classify("ухаживаю за папой никуда не выхожу муж на работе хочу просто поговорить").needs == ["psychological"]


def test_a_carers_allowance_makes_the_caller_the_carer(clf):
    assert clf.classify("ухаживаю за соседкой инвалидом первой группы хочу оформить компенсацию по уходу").category \
        == "caregiver"


def test_an_operation_that_is_not_asked_for_is_not_a_medical_need(clf):
    assert "medical" not in clf.classify("муж пришел со специальной операции полгода назад не спит").needs
    assert "medical" not in clf.classify("мама лежачая мне надо на операцию лечь а маму оставить не с кем").needs
    assert "medical" in clf.classify("мне нужно сделать операцию на глаза катаракта квоту не дают").needs
    # the carer's own operation, or treatment already going on elsewhere, is not what is asked for
    assert "medical" not in clf.classify("меня в понедельник кладут на операцию а лежачего папу не с кем оставить").needs
    assert "medical" not in clf.classify("у сына лимфома мы на лечении в другом городе снимать жильё не на что").needs
    assert "medical" not in clf.classify("жена на операцию ложится а её маму оставить днём не с кем").needs
    assert "medical" not in clf.classify("у меня нашли рак через неделю начинаем лечение я всё время плачу").needs


def test_someone_else_not_coping_is_not_the_callers_need_for_a_psychologist(clf):
    assert "psychological" not in clf.classify("у нас ребенок с овз в первом классе учитель не справляется просим тьютора").needs
    assert "psychological" in clf.classify("мама лежачая после перелома я ее единственная дочь и я уже не справляюсь").needs


def test_a_thing_mentioned_is_not_asked_for(clf):
    """What is only mentioned is not asked for: crutches one walks on, a salary, a former job, a stipend
    beside a college, pills to take, pets, payments already coming in."""
    assert "rehabilitation" not in clf.classify("вход в поликлинику по высоким ступеням я на костылях не могу подняться").needs
    assert "employment" not in clf.classify("у меня нет инвалидности просто денег не хватает на еду до зарплаты").needs
    assert clf.classify("сын глухой ему нужен сурдопереводчик на экзамене в школе").needs == ["education"]
    assert "home_care" not in clf.classify("раньше я работала сиделкой а теперь сама инвалид нужна путевка в санаторий").needs
    assert "home_care" not in clf.classify("я раньше работала соцработником хочу волонтёром помогать пожилым").needs
    assert clf.classify("я из детдома поступила в колледж а сиротскую стипендию не платят третий месяц").needs == ["benefits"]
    assert "psychological" not in clf.classify("у меня туберкулёз таблетки надо пить полгода а их не выдают").needs
    assert "home_care" not in clf.classify("меня кладут в больницу а кошку и собаку оставить не с кем").needs
    assert "benefits" not in clf.classify("я инвалид пенсия есть всё получаю но мне трудно убираться нужна помощница").needs


def test_what_a_caller_calls_about_is_a_need(clf):
    assert clf.classify("звоню по поводу коляски для мужа никто не перезвонил").needs == ["rehabilitation"]
    assert clf.classify("я насчет работы для инвалидов").needs == ["employment"]
    assert "employment" in clf.classify("у сына дцп а меня сокращают с работы").needs
    assert "education" in clf.classify("сыну девятнадцать у него аутизм в колледж не берут").needs
    assert "medical" in clf.classify("у мужа шизофрения он не хочет лечиться").needs


def test_money_taken_or_demanded_is_a_matter_of_protection_not_of_benefits(clf):
    for text in ("сын пьёт и забирает у меня пенсию", "внучка отбирает у бабушки пенсию и карту",
                 "брат пьёт и каждый день требует деньги"):
        assert clf.classify(text).needs == ["other"], text


def test_money_words_that_are_not_about_the_callers_money_are_not_benefits(clf):
    for text in ("меня положат в больницу на две недели а лежачую маму не с кем оставить",   # «положат», not «положено»
                 "в нашем доме лифт закрыли на ремонт я на коляске не могу выйти",   # someone else's repair
                 "в доме престарелых где живет отец его не моют"):   # where he lives, not «где жить»
        assert "benefits" not in clf.classify(text).needs, text
    assert clf.classify("нужна консультация юриста по наследству").needs == ["other"]


def test_what_one_is_entitled_to_is_that_need_not_benefits(clf):
    assert clf.classify("в школе сказали что сыну положен тьютор а его нет").needs == ["education"]
    assert clf.classify("маме положена сиделка от соцзащиты а её всё не дают").needs == ["home_care"]
    assert "benefits" in clf.classify("мне как сироте положено жильё а очередь не двигается").needs   # housing is


def test_someone_missing_needs_a_search(clf):
    assert "other" in clf.classify("сын с аутизмом ушел утром на речку и до сих пор не вернулся").needs


def test_a_caller_who_does_not_count_himself_disabled_is_not_classed_so(clf):
    assert clf.classify("инвалидом себя не считаю но после травмы не могу работать").category != "disabled_person"
    assert clf.classify("врачи сказали его пока не трогать сейчас он спит").urgency != "crisis"


def test_a_fall_is_an_emergency_not_a_disability(clf):
    result = clf.classify("отец выпил и упал с лестницы лежит не встает голова в крови")
    assert result.urgency == "crisis" and result.category != "disabled_person"


def test_the_callers_own_children_named_far_from_a_diagnosis_are_not_its_patients(clf):
    text = ("мой брат инвалид с детства умственная отсталость родители умерли я оформляю опеку "
            "а органы опеки требуют справку о жилье а у меня однушка и двое детей")
    assert clf.classify(text).category != "parent_of_disabled_child"


@pytest.mark.parametrize("text", [
    "сын вырос из ходунков для детей с дцп хотим отдать кому нужно",
    "я работодатель хочу взять на работу глухого человека",
    "пишу диплом про детей с аутизмом можно задать несколько вопросов",
])
def test_a_caller_who_wants_to_help_others_is_not_a_case(clf, text):
    assert clf.classify(text).category == "other"


def test_a_lonely_neighbour_unseen_for_days_is_checked_at_once(clf):
    text = "соседа одинокого с понедельника не видно почтовый ящик забит что делать"
    assert clf.classify(text).urgency == "crisis"


def test_a_house_assigned_to_an_orphan_that_no_one_lives_in_is_housing_not_a_cold_home(clf):
    result = clf.classify("за мной закрепили квартиру в посёлке печка развалилась жить там нельзя")
    assert (result.category, result.urgency) == ("orphanage_graduate", "normal")


def test_a_mine_blast_is_a_soldiers_wound(clf):
    assert clf.classify("муж подорвался на мине ему нужен протез").category == "svo_family"


def test_treatment_one_is_already_sent_to_is_not_asked_for(clf):
    assert clf.classify("сына направили на операцию в питер а денег на дорогу нет").needs == ["benefits"]


def test_no_money_for_the_winters_firewood_is_benefits_and_soon(clf):
    result = clf.classify("живу одна в деревне пенсия маленькая дров на зиму купить не на что")
    assert "benefits" in result.needs and result.urgency == "high"


def test_no_money_for_food_is_hunger_not_a_payment_request(clf):
    result = clf.classify("дедушка с первого этажа совсем исхудал ему не на что есть")
    assert "benefits" not in result.needs and result.urgency == "high"


def test_a_loan_taken_in_a_parents_name_by_phone_is_a_scam_not_benefits(clf):
    result = clf.classify("отцу позвонили из банка сказали что на него оформляют кредит надо срочно перевести деньги")
    assert result.needs == ["other"]


def test_a_teenager_told_to_get_out_of_the_house_today_is_a_crisis(clf):
    result = clf.classify("мне пятнадцать мать сказала убираться из дома сижу на лестничной площадке")
    assert result.urgency == "crisis" and "accessible_environment" not in result.needs


def test_an_old_mother_watching_over_her_disabled_daughter_is_a_carer(clf):
    text = "мне восемьдесят дочь инвалид с детства ей пятьдесят за ней глаз да глаз"
    assert clf.classify(text).category == "caregiver"


def test_grown_children_who_come_only_for_the_pension_are_not_a_childs_illness(clf):
    result = clf.classify("сосед после инсульта лежит дети приезжают только за пенсией")
    assert result.category != "seriously_ill_child" and "benefits" not in result.needs


def test_an_inhaler_machine_is_medical_and_a_kinesitherapist_is_rehabilitation(clf):
    assert clf.classify("сыну с муковисцидозом нужен небулайзер и кинезитерапевт").needs == ["medical", "rehabilitation"]


def test_sent_home_as_palliative_needs_care_at_home(clf):
    assert "home_care" in clf.classify("бабушку выписали домой сказали паллиатив").needs
    assert "home_care" not in clf.classify("у папы паллиатив сегодня кончились пластыри а выписать новые только в среду").needs


def test_a_paresis_from_a_birth_injury_is_a_childs_disability(clf):
    assert clf.classify("у дочки парез ноги после родовой травмы").category == "parent_of_disabled_child"


@pytest.mark.parametrize("text", [
    pytest.param("отец после второго инсульта левую сторону не чувствует я его кормлю сама уже еле хожу",
                 id="what a past stroke left behind"),
    pytest.param("у меня с весны кровь в моче запись к урологу только через месяц",
                 id="a symptom there since spring"),
    pytest.param("муж подписал контракт и ушёл последний раз звонил в июле в части молчат как его искать",
                 id="a soldier silent since the summer"),
    pytest.param("у меня хобл задыхаюсь когда иду в магазин нужен новый концентратор",
                 id="breathless on the way: a chronic lung"),
    pytest.param("сын после армии говорит что жить не хочется как раньше но он не про то что руки на себя наложить",
                 id="a caller who says it is not about suicide"),
])
def test_what_only_sounds_like_an_emergency_is_not_one(clf, text):
    assert clf.classify(text).urgency != "crisis"


def test_going_to_work_because_one_must_is_not_asking_for_a_job(clf):
    result = clf.classify("после развода ничего не радует но иду на работу потому что надо")
    assert result.needs == ["psychological"]


def test_nowhere_hires_is_an_employment_need(clf):
    assert "employment" in clf.classify("освободился из колонии нигде не берут из за судимости").needs


def test_an_intercom_with_a_light_for_the_deaf_is_accessibility(clf):
    assert clf.classify("мы глухие нужен домофон со световым сигналом").needs == ["accessible_environment"]


def test_afraid_mother_falls_alone_and_someone_to_stay_by_day_is_a_carers_call(clf):
    text = ("я очень боюсь что мама упадёт пока я на работе ей за девяносто она еле ходит "
            "может есть тревожная кнопка или кто то днём с ней побудет")
    result = clf.classify(text)
    assert (result.category, result.needs) == ("caregiver", ["home_care"])


def test_coming_back_from_sick_leave_is_not_a_request_for_sick_pay(clf):
    text = "папа лежачий я выхожу с больничного через неделю нужна сиделка днём"
    assert "benefits" not in clf.classify(text).needs


def test_living_on_crutches_reads_as_a_disability_a_cast_after_a_fall_does_not(clf):
    assert clf.classify("я на костылях уже два года в поликлинику по ступенькам не подняться").category == "disabled_person"
    assert clf.classify("мама упала сейчас в гипсе ходит с костылями нужна помощь по дому").category != "disabled_person"


def test_a_broken_wheelchair_is_rehabilitation_and_its_repair_is_not_housing(clf):
    result = clf.classify("я колясочник коляска сломалась ремонт обещают только через месяц")
    assert result.needs == ["rehabilitation"]


def test_living_on_oxygen_is_a_serious_illness_a_gas_cylinder_is_not(clf):
    assert clf.classify("я на кислороде баллон кончается новый привезут только завтра").category == "seriously_ill_adult"
    assert clf.classify("газ в баллоне купить негде пенсия маленькая").category != "seriously_ill_adult"


def test_pills_in_hand_and_wanting_nothing_more_is_a_crisis(clf):
    assert clf.classify("сижу с таблетками в руках больше ничего не хочу").urgency == "crisis"


def test_placing_an_old_woman_in_a_care_home_is_not_an_orphanage(clf):
    result = clf.classify("бабушке девяносто она одна путает день и ночь её надо устраивать в интернат")
    assert result.category != "orphanage_graduate" and "home_care" in result.needs


def test_being_retired_is_not_a_pension_request(clf):
    assert clf.classify("я сама на пенсии мужа тяжело его пересаживать нужна помощь").needs == ["home_care"]


def test_a_complaint_about_the_social_worker_is_not_a_request_for_one(clf):
    result = clf.classify("хочу пожаловаться на соцработника берёт деньги за продукты а чеки не даёт")
    assert result.needs == ["other"]


def test_an_orphans_upkeep_ending_is_a_payment(clf):
    assert clf.classify("я из детдома учусь в колледже говорят содержание прекращается").needs == ["benefits"]


def test_being_drawn_into_a_card_scheme_is_a_scam_not_paperwork(clf):
    result = clf.classify("меня втянули в схему карту оформить на себя просили теперь говорят я соучастник")
    assert "benefits" not in result.needs and "other" in result.needs


def test_review_fixes_keep_their_reach_narrow(clf):
    # being retired sets aside only that word: a small pension beside it is still a request
    assert "benefits" in clf.classify("я на пенсии пенсия маленькая на лекарства не хватает").needs
    # «нигде не берут» about a kindergarten is not a job
    assert "employment" not in clf.classify("дочку с синдромом дауна в садик нигде не берут").needs
    # a teenager keeping to his room is not missing
    assert clf.classify("сын подросток целыми днями в своей комнате его не видно и не слышно").urgency != "crisis"
    # a new stroke in a stroke survivor is still an emergency
    assert clf.classify("у папы после инсульта год прошёл а сегодня утром рука не слушается").urgency == "crisis"


def test_not_going_to_the_shop_is_not_being_bedridden(clf):
    text = "бабушке девяносто она просто старенькая в магазин не ходит мы привозим продукты но этого мало"
    assert clf.classify(text).category == "other"


def test_a_child_pushed_out_of_school_is_a_schooling_case_not_an_emergency(clf):
    text = ("дочке тринадцать у неё аутизм и эпилепсия два года училась на дому а теперь школа говорит что больше "
            "не может присылать учителей фактически её выгнали я везде писала никто не отвечает")
    result = clf.classify(text)
    assert (result.needs, result.urgency) == (["education"], "normal")
    assert any(e.label == "normal" for e in result.evidence)   # which also keeps the model's resemblance out


def test_a_pregnancy_in_the_past_is_not_a_medical_need(clf):
    text = "муж погиб на сво когда я была беременна дочка родилась через четыре месяца а в выплатах ей отказывают"
    assert clf.classify(text).needs == ["benefits"]
    assert "medical" in clf.classify("я беременна на восьмом месяце и мне негде встать на учёт").needs


@pytest.mark.parametrize("text,needs", [
    ("я после ампутации ноги на протезе а в подъезде ступеньки пандуса нет", ["accessible_environment"]),
    ("у нас в районе автобус с высокой подножкой я на протезе не могу зайти", ["accessible_environment"]),
    ("после ранения ампутация голени восемь месяцев стою в очереди на протез", ["rehabilitation"]),
])
def test_living_on_a_prosthesis_is_not_asking_for_one(clf, text, needs):
    assert clf.classify(text).needs == needs


def test_wishing_not_to_live_while_ruling_out_harm_is_support_not_an_emergency(clf):
    text = ("я одинокая мне семьдесят девять иногда так тоскливо что и жить не хочется но вы не подумайте "
            "я ничего с собой не сделаю просто поговорить не с кем")
    result = clf.classify(text)
    assert (result.needs, result.urgency) == (["psychological"], "normal")
    assert clf.classify("мне так тоскливо что и жить не хочется просто поговорить не с кем").urgency == "crisis"
    assert clf.classify("сижу на кухне и думаю что я никому не нужна и зачем всё это").urgency == "crisis"
    # a hedged denial rules nothing out
    assert clf.classify("жить не хочется но я пока ничего с собой не сделаю").urgency == "crisis"
    assert clf.classify("жить не хочется но я ничего с собой не сделаю наверное").urgency == "crisis"


def test_a_new_sign_told_as_happening_now_in_a_stroke_survivor_is_an_emergency(clf):
    text = "муж лежачий после инсульта сейчас хрипит и дышит тяжело скорая из района едет два часа"
    assert (clf.classify(text).urgency, clf.classify(text).needs) == ("crisis", ["medical"])


def test_a_carer_left_alone_who_cannot_quit_work_needs_home_care(clf):
    text = ("мы с сестрой по очереди сидели с отцом он лежачий а сестра уезжает я одна не вытяну "
            "и работу бросить не могу")
    result = clf.classify(text)
    assert (result.category, result.needs, result.needs_guessed) == ("caregiver", ["home_care"], False)


def test_a_child_blackmailed_with_photos_is_an_emergency_not_a_money_question(clf):
    text = ("дочке четырнадцать ей пишет какой то взрослый что выложит её фото если она не переведёт деньги "
            "она рыдает и закрылась в ванной")
    result = clf.classify(text)
    assert (result.urgency, result.needs) == ("crisis", ["psychological"])
    assert clf.classify("хочу выложить фото сына в группе сбора денег на операцию").urgency != "crisis"


def test_half_a_face_dropped_with_speech_gone_is_a_stroke_told_in_plain_words(clf):
    text = "соседка бабушка я зашла а она сидит и не может говорить половина лица как будто опустилась и рука не поднимается"
    assert (clf.classify(text).urgency, clf.classify(text).needs) == ("crisis", ["medical"])


@pytest.mark.parametrize("text,other", [
    ("онкология четвёртая стадия обезболивающее не помогает а участковый говорит морфин только через комиссию", False),
    ("сосед сверху заливает и угрожает что выживет меня из квартиры участковый не реагирует", True),
])
def test_the_district_doctor_is_not_the_police(clf, text, other):
    assert ("other" in clf.classify(text).needs) == other


def test_being_locked_in_is_an_emergency(clf):
    assert clf.classify("меня закрыли в квартире и не выпускают").urgency == "crisis"


def test_feeling_no_one_needs_you_asks_for_support(clf):
    text = "меня сократили после тридцати лет на заводе никуда не берут чувствую себя никому не нужным"
    assert clf.classify(text).needs == ["employment", "psychological"]


@pytest.mark.parametrize("text,over", [
    ("с утра болела голова выпила таблетку от давления вроде полегче", True),
    ("ночью был приступ задыхался но сейчас лучше", True),
    ("ночью сын кашлял и задыхался сейчас вроде полегче но дышит со свистом", False),
    ("сейчас лёгкие не работают кислород дома а свет грозятся отключить", False),   # «лёгкие» is not «полегче»
])
def test_easing_is_told_as_over_only_when_no_but_follows(clf, text, over):
    result = clf.classify(text)
    assert any(e.label == "normal" for e in result.evidence) == over
    assert (result.urgency == "crisis") == ("задыхался сейчас" in text)


# What each need is officially called (the federal list of rehabilitation aids, social services, benefits):
# named on its own, the need is found, not guessed from the category.
@pytest.mark.parametrize("thing,need", [
    ("трость", "rehabilitation"), ("костыли", "rehabilitation"), ("ходунки", "rehabilitation"),
    ("опора для ходьбы", "rehabilitation"), ("кресло коляска", "rehabilitation"),
    ("электроколяска", "rehabilitation"), ("протез", "rehabilitation"), ("ортез", "rehabilitation"),
    ("тутор", "rehabilitation"), ("корсет", "rehabilitation"), ("ортопедическая обувь", "rehabilitation"),
    ("противопролежневый матрас", "rehabilitation"), ("противопролежневая подушка", "rehabilitation"),
    ("калоприёмник", "rehabilitation"), ("мочеприёмник", "rehabilitation"), ("катетер", "rehabilitation"),
    ("подгузники", "rehabilitation"), ("впитывающие пелёнки", "rehabilitation"),
    ("абсорбирующее бельё", "rehabilitation"), ("слуховой аппарат", "rehabilitation"),
    ("тифлотехника", "rehabilitation"), ("собака проводник", "rehabilitation"),
    ("сигнализатор звука", "rehabilitation"), ("вертикализатор", "rehabilitation"),
    ("опора для сидения", "rehabilitation"), ("кресло стул с санитарным оснащением", "rehabilitation"),
    ("реабилитационный центр", "rehabilitation"), ("лфк", "rehabilitation"), ("массаж", "rehabilitation"),
    ("курс реабилитации", "rehabilitation"), ("ортопедические стельки", "rehabilitation"),
    ("брейсы", "rehabilitation"),
    ("сиделка", "home_care"), ("социальный работник", "home_care"), ("социальное обслуживание на дому", "home_care"),
    ("патронаж", "home_care"), ("помощник по дому", "home_care"), ("дом престарелых", "home_care"),
    ("пансионат для пожилых", "home_care"), ("дневной уход", "home_care"), ("социальная передышка", "home_care"),
    ("помощь по хозяйству", "home_care"), ("кто то кто будет ухаживать", "home_care"),
    ("пандус", "accessible_environment"), ("подъёмник", "accessible_environment"), ("лифт", "accessible_environment"),
    ("поручни в ванной", "accessible_environment"), ("расширить дверной проём", "accessible_environment"),
    ("ступенькоход", "accessible_environment"), ("гусеничный подъёмник", "accessible_environment"),
    ("перепланировка ванной", "accessible_environment"), ("квартира на первом этаже", "accessible_environment"),
    ("тьютор", "education"), ("пмпк", "education"), ("коррекционный класс", "education"),
    ("надомное обучение", "education"), ("адаптированная программа", "education"), ("детский сад", "education"),
    ("ресурсный класс", "education"), ("специальные условия на экзамене", "education"), ("колледж", "education"),
    ("работа", "employment"), ("служба занятости", "employment"), ("квотируемое рабочее место", "employment"),
    ("трудоустройство", "employment"), ("сопровождаемое трудоустройство", "employment"),
    ("специальное рабочее место", "employment"),
    ("пенсия по инвалидности", "benefits"), ("едв", "benefits"), ("набор социальных услуг", "benefits"),
    ("компенсация за коммуналку", "benefits"), ("субсидия на жкх", "benefits"), ("материнский капитал", "benefits"),
    ("пособие по уходу", "benefits"), ("жилищный сертификат", "benefits"), ("бесплатный проезд", "benefits"),
    ("налоговый вычет", "benefits"), ("инвалидность", "benefits"), ("справка мсэ", "benefits"),
    ("социальный контракт", "benefits"),
    ("психолог", "psychological"), ("психотерапевт", "psychological"), ("группа поддержки", "psychological"),
    ("поговорить с кем то", "psychological"),
])
def test_needs_named_by_their_official_names(clf, thing, need):
    result = clf.classify(f"подскажите нам нужен {thing} как получить")
    assert need in result.needs and not result.needs_guessed


@pytest.mark.parametrize("text,named,not_named", [
    ("по индивидуальной программе реабилитации ребёнку нужен тьютор а в школе его нет", "education",
     "rehabilitation"),   # the programme is the grounds; the tutor is the request
    ("по программе реабилитации нам положена коляска а её не дают", "rehabilitation", None),
    ("я незрячий в мфц электронная очередь только на сенсорном экране", "accessible_environment", None),
    ("у мужа осколочное ранение в боку рана гноится а к медикам он не идёт", "medical", None),
    ("у меня рак груди лечение идёт хорошо а вот спать перестала от страха хочу к психологу", "psychological",
     "medical"),   # the treatment told as going well is not asked for
    ("я инвалид колясочник работаю удалённо всё хорошо но в поликлинику попасть не могу пандуса нет",
     "accessible_environment", "employment"),
    ("в квартире очень холодно температура в комнатах не выше восемнадцати градусов куда обратиться", None,
     "medical"),   # the flat's temperature, not a fever
    ("у дочери метастазы опять химия врачи ничего не объясняют душа болит", "psychological", None),
    ("дети помогают деньгами а мне нужна сиделка", "home_care", "benefits"),   # money they already have
    ("я инвалид второй группы работаю на заводе начальник ставит в ночные смены хотя по ипра нельзя",
     "employment", "rehabilitation"),   # the programme is the grounds; the work is the request
    ("я инвалид третьей группы имею высшее образование ищу работу", "employment", "education"),
    ("у меня высшее образование а везде отказывают как узнают про группу", "employment", "education"),
    ("пенсия маленькая считаю каждую копейку", "benefits", None),
    ("я физически не могу ей даже поменять памперсы", "home_care", None),
    ("жене самой не спуститься спускать её приходится на руках", "accessible_environment", None),
    ("сын получает её пенсию и не оставляет ей денег", "other", None),
    ("сын аутист ближняя школа где есть класс для таких детей за двадцать километров вожу на такси", "education", None),
    ("у сына лейкоз мы в больнице третий месяц я одна с ним сил больше нет", "psychological", None),
    ("в нашем селе закрыли фап теперь до врача тридцать километров", "medical", None),
    ("у сына дцп и нам надо продлевать инвалидность", "benefits", None),
    ("у сына поражение мозга а на медико социальной экспертизе нам в инвалидности отказали", "benefits", None),
    ("в деревне подвоз воды отменили", None, "education"),   # water, not a school bus
    ("нам квартиру так и не дали а мы вшестером ютимся в однокомнатной", "benefits", None),
    ("с рождения реабилитирую сына за свой счёт денег больше нет", "rehabilitation", None),
    ("восьмой год с папой после паралича хоть бы кто на недельку подменил", "home_care", None),
    ("хочу доучиться на повара а жить не на что", "education", None),
    ("подрабатываю помощницей в магазине зарплаты не хватает на квартплату", None, "home_care"),   # her job
    ("можно ли маме кого нибудь на дом присылать", "home_care", None),
    ("сварщиком больше не смогу хочу переобучиться", "employment", None),   # retraining is for work
    ("у дочки синдром дауна я всё время с ней своей жизни нет совсем", "psychological", None),
    ("дочка с дцп ночами не спит кто то нужен чтобы я выспалась", "home_care", None),
    ("муж с циррозом врачи ничего не обещают куда его можно положить", None, "benefits"),   # a bed, not «положено»
    ("я десять лет с лежачим мужем подруги перестали звонить я как будто исчезла", "psychological", None),
    ("муж нашёл работу а мне с ребёнком в сад не попасть", None, "employment"),   # work already found
    ("я незрячий у дома перекопали тротуар и нет ограждения", "accessible_environment", None),
    ("я всё время думаю что я плохая мать", "psychological", None),
    ("маме бы кнопку какую то чтобы вызвать помощь если упадёт", "home_care", None),
    ("я на коляске хочу поступить в колледж а там ступеньки", None, "rehabilitation"),   # how she moves, not a request
    ("брат на коляске нам нужен подъёмник для ванной", "rehabilitation", None),
    ("меня отчисляют из колледжа за долги по учёбе", "education", "benefits"),   # study debts, not money
    ("стою с его таблетками и думаю выпить все самой и всё закончится", "psychological", "medical"),   # a thought
    ("я из детского дома договор найма закончился и надо выселяться до конца месяца", "benefits", None),
    ("я вырос в детдоме срываюсь на жену хочу научиться с кем то поговорить", "psychological", "education"),
    ("ребёнку нужен вертикализатор по ипэрэ положен а в фонде нет", "rehabilitation", "benefits"),   # the IPR, spoken
    ("я на коляске в управляющей компании говорят денег нет на пандус", "accessible_environment", "benefits"),   # their money
    ("ухаживаю за мамой это очень давит на психику", "psychological", None),
    ("со слуховым аппаратом всё в порядке а работу найти не могу", "employment", "rehabilitation"),   # told as fine
    ("муж в госпитале лечение идёт нормально а вопрос по выплатам за ранение", "benefits", "medical"),
    ("я незрячий дорогу до работы перекопали ограждений нет", "accessible_environment", None),
    ("у сына аутизм мы оба работаем нужен кто то посидеть с ним днём", "home_care", "employment"),   # work they have
    ("живём с дочкой она работает а мне нужна коляска полегче", "rehabilitation", "employment"),
    ("сын учится на третьем курсе у него диабет инсулин в аптеке не дают", "medical", "education"),   # already studying
    ("я на протезе работу ищу а алименты нужно платить", "employment", "benefits"),   # alimony he pays
    ("бывший муж не платит алименты на ребёнка", "benefits", None),
    ("мы с дочкой еле выживаем она с дцп а я не работаю", "benefits", None),   # living on too little
    ("я незрячая у нас светофор без звука на переходе", "accessible_environment", None),
    ("дочка с дцп пенсию по инвалидности получаем денег в целом хватает а новую коляску не дают", "rehabilitation",
     "benefits"),   # the pension is in place
    ("мне семьдесят муж умер дома одной тяжело не с кем слова сказать", "psychological", "home_care"),   # lonely
    ("у сына опухоль мозга сейчас реабилитация в санатории но лекарства после химии очень дорогие", "medical", None),
    ("сын хочет сдать меня в дом престарелых а я никуда не хочу из своей квартиры", None, "home_care"),
    ("я раньше работала медсестрой сейчас на пенсии хочу подрабатывать сиделкой", "employment", "benefits"),
    ("мне не нужна помощь с уходом нужна путёвка в санаторий", "rehabilitation", "home_care"),
    ("мне не нужна никакая помощь с лекарствами нужна коляска", "rehabilitation", "medical"),
    ("прошу разъяснить меры социальной поддержки семьям погибших участников сво", "benefits", "psychological"),
    ("дед помер бабушка одна осталась в деревне кто к ней ходить будет", "home_care", None),
    ("мама с деменцией я с ней без выходных шестой год уже крыша едет", "psychological", None),
    ("отец после инсульта стал другим человеком не знаю как себя с ним вести", "psychological", None),
    ("сыну сделали операцию на сердце а теперь в садик не берут", "education", "medical"),   # the operation is behind
    ("сыну надо сделать операцию на сердце а квоты нет", "medical", None),   # ... and here it is asked for
    ("муж пропал без вести на сво как оформить пособие на детей", "benefits", "other"),   # the unit searches
    ("невролог сказал что сыну необходима инвалидность", "benefits", None),
    ("я из детдома сожитель отобрал паспорт и не выпускает из квартиры", "other", "benefits"),   # taken, not lost
    ("лечение закончилось полгода назад волосы отросли а я всё равно не могу смотреть на себя в зеркало", "psychological",
     "medical"),   # treatment over
    ("я дед мне девяносто сын на севере мне бы кого чтоб полы помыть да в аптеку сходить", "home_care", None),
    ("у мамы опухоль обезболивающее врачи не выписывают инвалидность ей не дают", "benefits", None),   # a new «не»
    ("дали группу мужу после инсульта а я сижу и реву", "psychological", None),
    ("у мамы рак она ночами не спит от боли а сильнее врач не выписывает", None, "psychological"),   # pain
    ("я контрактник ранен полгода по госпиталям а боевые за три месяца так и не пришли", "benefits", None),
    ("муж ветеран боевых действий после ранения нужна реабилитация", "rehabilitation", "benefits"),
    ("ухаживаю за мамой пятый год работу бросила подруг нет не понимаю кто я теперь", "psychological", None),
    ("у брата с детства нарушение опорно-двигательного аппарата мама умерла а он нуждается в постоянной поддержке",
     None, "rehabilitation"),   # a part of the body, not a device
    ("брат с детства лежачий он нуждается в постоянной поддержке а я работаю", None, "psychological"),   # care
    ("у мамы деменция я за ней третий год уже еду крышей", "psychological", None),
    ("я на коляске после травмы никуда не выхожу друзей не осталось", "psychological", None),
    ("у меня собака поводырь а в автобус не пускают говорят домашнее животное", None, "education"),
    ("мужу после ранения снятся взрывы у меня на психику давит что делать", "psychological", None),
    ("дочке пять у неё синдром дауна а группу в саду для таких детей закрывают", "education", None),
    ("бабушка лежачая сиделка у нас есть но платить ей нечем", "benefits", None),
    ("я незрячая а на остановке убрали звуковое табло", "accessible_environment", None),
    ("папе девяносто его нельзя оставлять одного а я работаю", "home_care", None),
    ("у сына эпилепсия приступы каждый день ему необходим постоянный уход", "home_care", None),
    ("соцработник уже есть а вот пенсию бабушке пересчитать надо", "benefits", "home_care"),   # has it
    ("я инвалид второй группы коляску до сих пор не выдали", "rehabilitation", None),
    ("я работаю медсестрой в хосписе у меня выгорание к кому идти", "psychological", "medical"),
    ("у сына аутизм лечение надо продолжать а мы уже не в силах его оплачивать", "benefits", None),
    ("у сына расстройство психологического развития сняли инвалидность", "benefits", "psychological"),   # a diagnosis
    ("я слепая живу одна хочу попасть в интернат для пожилых", "home_care", "benefits"),
    ("дедушка в больнице лежит просит пить а ему не дают", None, "psychological"),   # water, not drink
    ("сыну пятнадцать после ранения нужен курс механотерапии а по полису такой услуги нет", None, "education"),
    ("пожар был год назад дочка до сих пор боится спать без света", "psychological", None),
    ("мне восемьдесят живу в старом доме печь сломана зимой холодно", None, "medical"),   # no bone broken
    ("у дочки аутизм а врачи не хотят давать инвалидность", "benefits", None),
    ("у нас температура зимой в квартире пятнадцать градусов", None, "medical"),   # the flat, not a fever
    ("я одна работники соцслужбы ко мне два месяца не приходят кормят соседи", "home_care", None),
    ("дочке дали коляску а это не коляска а каталка её в ней не уложить", "rehabilitation", None),
    ("сыну пять задержка речи не дали направление в логопедическую группу", "education", None),
    ("дочке восемь аутизм инвалидность ей не дали", "benefits", None),
    ("работы в деревне никакой а на учёт по безработице надо в город ехать", "employment", None),
    ("бабушка еле ходит сын умер ухаживать за ней некому", "home_care", None),
    ("соседка третий день лежит и стонет", "medical", None),
    ("дочь колясочница я с ней одна вторая дочь на вахте ездит", None, "employment"),   # the sister's job
    ("в школе трубку санировать некому нам говорят учитесь дома", "education", None),
    ("дочке надо поменять трахеостому", "medical", None),   # pymorphy reads «трахеостому» as an adjective
    ("у меня дцп пять высших образований юрист экономист психолог а на работу не берут", "employment", "psychological"),
    ("квартплату заплатила и на жизнь не остаётся", "benefits", None),
    ("сыну пять у него эпилепсия пьёт этосуксимид три раза в день", None, "psychological"),   # a medicine
    ("фризиум у нас не продают его в россию не возят", "medical", None),
    ("дед один с кровати не встаёт смотреть за ним некому", "home_care", None),
    ("за мамой ухаживаю и работаю а денег не хватает", None, "employment"),   # short of money, not of work
    ("сына в лицей не берут он инвалид", "education", None),
    ("у мамы деменция думаем о пансионате но боимся подскажите есть ли государственный", "home_care", "psychological"),
    ("я сирота мне дали квартиру а там плесень и окна не закрываются", "benefits", None),   # unfit housing from the state
    ("я слабовидящий окончил курсы массажа а в поликлинику не берут нужен медицинский диплом", "employment", "medical"),
    ("окончил курсы массажа где мне работать", "employment", "rehabilitation"),   # massage is his trade here
    ("у брата шизофрения лечится у психиатра а на что нам его содержать", "benefits", None),
    ("у сына аутизм я одна его воспитываю вдруг со мной что то случится кто о нём позаботится", "home_care", None),
    ("я сирота получила комнату от города а там батареи холодные", "benefits", None),
    ("я был на сво левая рука не работает а врачи инвалидность не оформляют на работу не берут", "benefits", None),
    ("муж сейчас на сво а я после травмы хочу чтобы его уволили со службы", None, "employment"),   # a discharge
    ("я инвалид второй группы еще работаю но лекарства нужные не дают", "medical", "employment"),   # has a job
    ("у мужа после ранения птср кричит по ночам", "psychological", None),
    ("я с десяти лет на коляске такси вызвать невозможно отказываются везти", "accessible_environment", None),
    ("ноги отнялись врач сказал теперь инвалид где восстанавливаться", "rehabilitation", None),
    ("мне тридцать пять был инсульт ни с кем видеться не хочу спрятался от всех", "psychological", None),
    ("я глухая с рождения а теперь теряю зрение где учат жить таким как я", "rehabilitation", None),
    ("сыну десять тяжелый дцп перенес несколько операций на голове а коляску выдали такую что он в ней сидеть "
     "не может", "rehabilitation", None),
    ("нужно оборудование которое работает без сети сын на кислороде", None, "employment"),   # a device works
    ("дочь успела забрать документы когда нас эвакуировали", None, "other"),   # took them along
    ("сожитель забрал документы и не отдаёт", "other", None),
    ("у дочки эпилепсия врач назначил клобазам а его нигде нет", "medical", None),
    ("опухоль на шее без паспорта и полиса лечить не берут", "medical", None),
    ("мне вторую группу сняли на мэ эс э сказали что я здоров", "benefits", None),   # МСЭ said by letter names
    ("после инсульта дети взрослые разъехались нужна реабилитация и кто-то кто днём со мной побудет", "home_care", None),
    ("брат после инсульта один живёт себя не обслуживает", "home_care", None),
    ("у меня в сорок три был инсульт рука не работает хочу восстановить руку", "rehabilitation", None),
    ("мужа на медкомиссии отстраняют от работы из за близорукости", "employment", None),
    ("стою на бирже получаю копейки работу по здоровью не найти", "employment", None),
    ("у отца рак в краевую на скорой возили не взяли", "medical", None),
    ("жена после инсульта нужны занятия чтобы речь вернулась", "rehabilitation", None),
    ("мы оба незрячие на светофоре возле дома нет звукового сигнала", "accessible_environment", None),
    ("мужа мобилизовали а сыну в инвалидности отказали как нам быть", "benefits", "psychological"),
    ("бабушку оставлять одну стало опасно а я работаю", "home_care", None),
    ("на улице люди смотрят говорят сидели бы дома психика у нас уже не выдерживает", "psychological", None),
    ("у меня третья группа я стою на бирже уже год", "employment", None),
    ("дочке шестнадцать врачи назначили сабрил в россии он не зарегистрирован нам отказали", "medical", None),
    ("у мамы диабет сейчас она вялая пить всё время хочет", "medical", "psychological"),   # thirst, not drink
    ("живём в мазанке прокуратура признала непригодным обязали дать квартиру а шесть лет ничего", "benefits", None),
    ("сын подписал контракт и почти год ни звонка я не знаю жив он или нет", "psychological", None),
    ("на экзамене не было доступного туалета", "accessible_environment", None),
    ("у мужа бас дышать всё тяжелее его ещё с работы сократили нужен аппарат", "rehabilitation", "employment"),
    ("муж вернулся с сво у него контузия голова болит каждый день", "medical", None),
    ("у мужа бас он не встаёт нужна кровать функциональная", "rehabilitation", None),
    ("мама с альцгеймером уходит из дома говорит ей надо на работу а я не могу за ней смотреть", None, "employment"),
    ("у дочки нейробластома всем городом деньги собирали я о себе забыла муж запил", None, "benefits"),
    ("мы в москве на лечении квартиру снять не можем где можно пожить бесплатно", "benefits", None),
    ("я потерял зрение хочу научиться работать с компьютером программы говорящие", "rehabilitation", None),
    ("я из детдома меня хотят признать недееспособным я учусь на профессию хочу жить сам", None, "employment"),
    ("родственники оформили меня в интернат я там работаю грузчиком хочу расторгнуть договор", None, "employment"),
    ("я вырос в интернате мне двадцать квартиру как сироте до сих пор не дали", "benefits", None),
    ("сыну тринадцать у него аутизм одноклассники дразнят тьюторы увольняются", "education", "employment"),
    ("дочке шесть у неё аутизм на улице кричит нервы у меня уже не выдерживают", "psychological", None),
    ("у дочки эпилепсия суксилеп в мае и июне в поликлинике не выдали чем заменить никто не знает", "medical", None),
    ("сыну пять у него эпилепсия этосуксимид а его в аптеках нет осталось на неделю", "medical", None),
    ("я инвалид коляску получил летом через две недели рама сломалась потом колесо отвалилось", "rehabilitation", None),
    ("я по поводу кресла моё совсем развалилось колесо отвалилось а новое всё обещают", "rehabilitation", None),
    ("я бездомный прошёл реабилитацию от алкоголя работа есть а паспорта нет уже пятнадцать лет",
     "benefits", "rehabilitation"),
    ("у меня вич паспорта нет после колонии таблетки бесплатно не дают осталось на неделю", "medical", None),
    ("дочке девять у неё дцп учится в обычной школе а тьюторы всё время увольняются", "education", "employment"),
    ("мы с братом ухаживаем за мамой она лежачая не знаем как её переворачивать с ума сходим", "psychological", None),
    ("я сирота у меня двое сыновей квартиру сиротскую жду уже не один год", "benefits", None),
    ("сын погиб в марте ему было двадцать два только медали остались хочу к таким же матерям в группу",
     "psychological", None),
    ("у нас дом затопило дети со мной у сестры надо их в школу здесь временно устроить", "education", "home_care"),
    ("я пенсионер дом после паводка сырой кашляю уже месяц компенсацию не дали", "medical", None),
    ("брат глухой теперь и зрение теряет хотим чтобы его научили печатать и может какую то работу потом найти", "employment", None),
    ("дочь глухая учителя стали жаловаться что она спотыкается не видит в темноте как её дальше учить", "education", "other"),
    ("у меня таблетки от давления кончаются а пенсия только через неделю", "medical", None),
    ("к соседке пришли две женщины сказали на ней порча и она им отдала все деньги", None, "benefits"),
    ("меня обманули по телефону до сих пор хожу как одурманенная плачу и плачу", "psychological", None),
    ("бабушке незнакомые люди звонили и она курьеру отдала все кольца теперь плачет", "other", None),
    ("приёмный сын из детдома ворует из дома я уже думаю вернуть его обратно", "psychological", None),
    ("у меня образование есть хочу работать удалённо у меня инвалидность", None, "education"),
    ("дочке пять кожа рвётся от прикосновения мази всё за свой счёт", "medical", None),
    ("у мужа туберкулёз таблетки не пьёт фтизиатр грозится через суд положить", "medical", "benefits"),
    ("сыну пять у него дцп врач сказал надо оформлять инвалидность", "benefits", None),
    ("в поликлинике сказали ждать лора три недели", "medical", None),
    ("у сына аутизм инвалидность ещё не оформляли", "benefits", None),
    ("у деда пролежень на крестце перевязывать надо каждый день", "medical", None),
    ("вены все исколоты врач предлагает поставить порт", "medical", None),
])
def test_needs_told_in_everyday_words(clf, text, named, not_named):
    needs = clf.classify(text).needs
    assert named is None or named in needs
    assert not_named is None or not_named not in needs


@pytest.mark.parametrize("text,urgency", [
    ("сбережения заканчиваются а пособия не дают", "normal"),   # money running out, not medicine
    ("мне полгода назад был инсульт сейчас хожу с палочкой но готовить не могу рука не слушается", "normal"),
    ("инсулин заканчивается а в аптеке нет", "high"),
    ("наш дом разрушен мы живём у родственников где получить компенсацию", "normal"),   # a home lost long ago
    ("мне восемьдесят я одна живу вдруг я завтра умру а собаку никто не выгуляет", "normal"),   # a what-if, no deadline
    ("я одна живу а сиделка завтра уходит", "high"),
    ("я вырос в детдоме помню нас зимой выгоняли раздетыми на улицу", "normal"),   # a childhood memory
    ("помню как нас выгоняли а теперь меня выгоняют из общежития", "high"),   # … and the same now
    ("у нас в подъезде кошки бездомные живут кто этим занимается", "normal"),   # homeless cats, not the caller
    ("у мужа машина старая сломанная а нам из за неё отказали в пособии", "normal"),   # a broken car, not a bone
    ("хочу поступить на повара не знаю куда идти и как документы подавать", "normal"),   # which office, not the street
    ("я колясочник уже год не выходил из квартиры лифта нет", "normal"),   # shut in for a year, not missing
    ("бабушка соседка третий день не выходит из квартиры не открывает", "crisis"),
    ("у папы был инсульт отнялась рука две недели в больнице сейчас дома учимся ходить", "normal"),   # after hospital
    ("коляска на пандусе не держится хоть бы уголок приварили чтобы колесо не съезжало", "normal"),   # a wheel slipping
    ("мне восемнадцать выпускаюсь из детского дома а где буду жить не знаю", "high"),
    ("после детдома живу у тётки на раскладушке а она меня гонит", "high"),   # losing the roof she has
    ("я из детдома сейчас то у одного переночую то у другого а где буду ночевать через неделю не знаю", "high"),
    ("у мамы рак она ночами не спит от боли а сильнее врач не выписывает", "high"),
    ("сын наглотался таблеток скорая успела его откачали теперь он дома как с ним говорить", "normal"),   # saved, behind
    ("я глухой на сегодня пенсия почти вся уходит на квартплату а работать никуда не берут", "normal"),   # spent
    ("у отца рак боли стали совсем нетерпимыми а химию только начали", "high"),
    ("деду позвонили что внук сбил человека надо срочно передать деньги курьер едет", "high"),   # a scam now
    ("мне сказали что можно оформить выплату как ухаживающей а я не знаю куда идти", "normal"),   # which office
    ("на второй курс химии нужен препарат которого нет в больнице говорят покупайте сами", "high"),
    ("я на гемодиализе раньше возили на социальном такси а теперь сказали ездите сами", "high"),
    ("муж умер я осталась с двумя детьми надо срочно внести за машину сорок процентов", "normal"),   # widowed
    ("у брата онкология после обследования его отправили домой умирать", "high"),
    ("дом старый крыша течёт боюсь что не переживу эту зиму", "high"),   # soon, not yet a crisis
    ("ноги болят работы нет и свет мне отключили за долги", "high"),
    ("у нас отключили отопление но дали обогреватели и в квартире плюс двадцать", "normal"),
    ("сыну скоро два он не ползает я одна на реабилитацию денег нет", "normal"),   # his age, not a deadline
    ("коляска сломалась новую надо", "normal"),   # a new one is asked for; nothing says it cannot wait
    ("сыну четыре месяца порок сердца а без операции такие дети до полугода не доживают", "high"),
    ("я на коляске в квартире холодно батареи ледяные каждую зиму много лет пишу в управляющую", "normal"),   # old
    ("я из детдома живу на улице уже который месяц квартиру не дают", "high"),   # months on the street, not tonight
    ("десять лет жила с мужем он меня бил теперь развелась а дочь до сих пор не успокоится", "normal"),   # over
    ("у меня пятеро детей живём в однокомнатной в очереди на жильё я первая а квартиру не дают годами", "normal"),
    ("прошлой зимой у отца вдруг отнялась рука теперь ходит с палочкой", "normal"),   # a stroke told as past
    ("я одна воды в доме нет туалет на улице плачу чужим людям чтоб воды принесли", "normal"),   # no plumbing
    ("соседка пожилая из квартиры не выходит еды почти нет", "high"),   # food running low, not gone
    ("я из детдома у меня забрали ключи от квартиры ночую то у знакомых то в подвалах", "high"),
    ("я из детдома мне дали квартиру а там крыша течёт жить невозможно", "normal"),   # bad, but a roof
    ("мне дали квартиру от области а там нет отопления а зима на носу", "high"),
    ("у брата дцп я хочу уехать учиться а мне страшно вдруг с ним что то случится пока меня нет", "normal"),   # a fear
    ("дочке пятнадцать увидела у неё на руках порезы и много старых шрамов говорит уже три года так делает", "high"),
    ("сыну шестнадцать замкнулся ни с кем не общается ночами не спит есть перестал", "high"),
    ("мне выдали квартиру а отопления там нет совсем а скоро холода", "high"),
    ("я вдова двое детей жить негде квартиру снимаем хочу выйти на работу", "normal"),   # renting is a roof
    ("сын на коляске а лифт у нас восьмой этаж опять сломан", "normal"),   # a broken lift, not a broken bone
    ("я раньше в реанимации работала а теперь живём на одну пенсию родных никого нет", "normal"),   # her old job
    ("паспорт у меня только советский жил в приюте а приют закрывают куда мне теперь", "high"),
    ("у нас многодетная семья дом сгорел живем сейчас в доме покойной бабушки как нам жилье получить",
     "normal"),   # a roof for now
    ("сыну тринадцать он на кислородном концентраторе ночью отключили свет он почти отключался скорая еле успела "
     "нужно оборудование которое работает без сети", "high"),   # saved; the next outage is the worry
    ("ушла от мужа он руку поднимал жить нам с малышом негде то у подруги то где придется", "high"),   # she left him
    ("дочка купалась в пруду у дома и ушла под воду не могу найти", "crisis"),   # beside the house: a child
    ("сын нырнул с мостков и ушёл под воду не выныривает", "crisis"),
    ("машина с людьми ушла под воду в реку", "crisis"),
    ("у бабушки в доме восемь градусов она одна", "crisis"),   # freezing now, whatever the cause
    ("мне семьдесят на улице минус сорок пять а в доме восемь градусов мощности не хватает", "crisis"),
    ("я сейчас в пункте временного размещения дом затопило когда дадут компенсацию", "normal"),   # a roof for now
    ("дом сгорел", "high"),
    ("я в пункте временного размещения нас выселяют идти некуда", "high"),   # losing the shelter itself
    ("маме шестьдесят восемь кт ждали месяц биопсию ждать ещё месяц а на узи уже видны метастазы", "high"),
    ("сыну тридцать девять дцп я одна ухаживаю сил больше нет иногда думаю что лучше бы нам обоим уйти", "crisis"),
    ("муж сидит в машине во дворе не ест говорит так всем будет легче", "crisis"),
    ("одноклассники бьют сына прямо сейчас за школой", "crisis"),   # bullying, but happening now
    ("мама с деменцией ушла и заблудилась третий час ищем", "crisis"),
    ("проводка искрит прямо сейчас а нам некуда съехать оттуда", "crisis"),
    ("у нас проводка искрит и дым хотим вернуть квартиру застройщику", "crisis"),
    ("у сына аутизм в садик не берут мест нет тьютора нет не знаю куда идти", "normal"),   # where to apply
    ("я сирота мне восемнадцать вышла из детдома а меня никто не встретил не знаю куда идти", "high"),
    ("всё навалилось сижу на кухне таблеток набрала полную горсть", "crisis"),
    ("он инвалид живёт один соцработник приходила а теперь сказали что уволилась и больше никого нет", "high"),
    ("сиделка раньше уволилась а сейчас новая хорошая", "normal"),
    ("я в больнице а мама с деменцией она дома одна заперта", "crisis"),
    ("дочке восемь после аварии сломан позвоночник ниже груди не чувствует мы прошли реабилитацию нужна коляска",
     "normal"),   # an old fracture
    ("мы прошли реабилитацию а вчера он сломал ногу", "high"),
    ("сына ударило током он без сознания", "crisis"),
    ("после удара током он не дышит", "crisis"),
    ("дедушку без ступней выписали и он на улице все службы отказываются его брать на улице мороз", "crisis"),
    ("сосед бездомный ночует на улице а морозы минус тридцать", "crisis"),
    ("после родов дочку из роддома перевели в дом ребёнка и не отдают", "high"),
    ("соседка одна живёт в посёлке а дров почти нет скоро снег", "high"),
    ("соседка по площадке кричит из квартиры а дверь не открывает", "crisis"),
    ("на даче почувствовала слабость упала очнулась на полу кровь на голове "
     "левая рука и правая нога почти не шевелятся", "crisis"),
    ("я сирота у меня есть квартира в бараке а там потолок обвалился и долг за бабушку", "high"),   # not today's
    ("жильё дали в аварийном доме потолок обвалился прямо сейчас", "crisis"),
    ("у соседей обрушился балкон там под завалом человек кричит", "crisis"),
    ("я одна с сыном дцп везде на руках ношу больше не могу думаю шагнуть с ним в окно", "crisis"),
    ("сын сорок лет дцп у меня самой онкология кто о нём позаботится лучше нам уйти вместе", "crisis"),
    ("в троллейбусе бабушка в халате третий круг катается не понимает где живёт", "crisis"),
    ("сыну двенадцать диабет инсулин в аптеке не выдают десять дней у нас осталась одна ручка на сегодня", "crisis"),
    ("у мужа выходной он напивается и она боится оставаться дома", "crisis"),
    ("во дворе старшие мальчишки избивают сына прямо сейчас я вижу из окна", "crisis"),
    ("у мамы деменция соседи звонят говорят она на улице в тапках и халате а там минус десять", "crisis"),
    ("у жены рак химию назначили а в диспансере препарата нет говорят ждите поставки", "high"),
    ("я учительница на дому мальчик с дцп живёт с мамой третий день не можем попасть в квартиру никто не открывает",
     "crisis"),
    ("брату пятьдесят он с детства инвалид мама умерла неделю назад он себя сам не обслуживает", "high"),
    ("я из детдома у меня дочь полгода опека пришла и забрала её в дом малютки", "high"),
    ("я сирота прописали в доме он сгорел а жить дали комнату в общежитии хочу нормальное жильё", "normal"),
    ("муж с деменцией ночью ходит хочет к маме я его караулю третью ночь без сна", "high"),
    ("мама с альцгеймером уже второй раз уходит из дома прошлый раз нашли в лесу у дачи", "high"),
    ("дочка заболела в три года саркома бедра теперь на химии у неё сердце отказывает", "high"),
    ("у мамы рак боль такая что она не спит кричит уже вторую ночь онколог говорит приходите в понедельник", "crisis"),
    ("мне восемнадцать отец пил я сам попросил опеку забрать нас с братом в детдом хочу жить сам", "normal"),
    ("я на коляске муж меня оскорбляет и толкает уйти мне некуда в кризисный центр с коляской не берут", "crisis"),
    ("у сына на химии стало отказывать сердце врачи говорят лечение придётся остановить", "high"),
    ("маме девяносто упала переломы подтвердили и отправили домой сыновья в других городах она лежит одна", "high"),
    ("мы из суджи выехали в чём были квартира сгорела снимаем в курске квартиру какие выплаты положены", "normal"),
    ("у дочки эпилепсия суксилеп в мае и июне в поликлинике не выдали чем заменить никто не знает", "high"),
    ("сыну скоро тридцать шизофрения два раза уезжал вешаться сейчас опять перестал разговаривать я боюсь", "crisis"),
    ("я соцработник подопечная глухая бабушка не открывает на стук и звонки уже час а у неё давление", "crisis"),
    ("дедушка говорит жена в ванне уже три часа сидит выбраться не может руки ноги отказали", "crisis"),
    ("у дочки эпилепсия приступов давно нет лекарство получаем исправно но она боится ходить в школу", "normal"),
    ("брат с биполярным расстройством в прошлом месяце уезжал вешаться сейчас опять не ест не спит", "crisis"),
    ("я водитель автобуса на остановке дедушка сидит не шевелится бормочет что то непонятное на вопросы не отвечает",
     "crisis"),
    ("сын проглотил силиконовую игрушку в больнице дали вазелиновое масло и отпустили сказали ждать", "high"),
    ("в магазине девушка у кассы шатается язык заплетается упала кассирша кричит что пьяная", "crisis"),
    ("я родила два месяца назад мне привиделось что я душу мужа подушкой мне страшно я боюсь себя и ребёнка", "crisis"),
    ("нас эвакуировали мы у родственников из под крана пить нельзя а в магазинах воду разобрали где брать воду", "high"),
    ("дочке пятнадцать я нашла лезвия у неё в столе руки все порезанные сейчас сидит в комнате молчит", "crisis"),
    ("я на коляске с двадцати лет упал с высоты позвоночник сломан хочу работать тренером", "normal"),
    ("у брата открытая форма туберкулёза он лечиться бросил а дома маленькие дети", "high"),
    ("сыну четыре два года назад опрокинул на себя кипяток теперь рубцы нужна операция", "normal"),
    ("за один день почти перестала слышать на правое ухо а лора ждать три недели", "high"),
    ("мне пятнадцать мама после инсульта лежит папы нет я после школы за ней ухаживаю и за сестрой", "high"),
    ("горло отекает после укуса осы", "crisis"),
])
def test_urgency_told_in_its_time(clf, text, urgency):
    assert clf.classify(text).urgency == urgency


def test_someone_found_not_breathing_is_an_emergency_even_if_the_caller_thinks_they_died(clf):
    assert clf.classify("мама не дышит кажется она умерла").urgency == "crisis"


def test_being_left_to_take_the_blame_is_not_being_left_without_help(clf):
    text = "завтра иду в коллекторское агентство но не хочу там работать если что случится я ведь крайняя останусь"
    assert clf.classify(text).urgency == "normal"
    assert clf.classify("сиделка уходит завтра я останусь одна с лежачим папой").urgency == "high"


def test_broken_breathing_is_an_emergency(clf):
    assert clf.classify("у дочки жар и дыхание хриплое прерывистое в больнице говорят мест нет").urgency == "crisis"


def test_an_emergency_followed_by_since_then_is_the_storys_past(clf):
    """«с тех пор» after an emergency tells it as what the story grew from; a state after «с тех пор» is now
    (`side: after` on the neighbour)."""
    assert clf.classify("дочка в том году перестала дышать во сне еле откачали с того дня спим по очереди "
                        "хотим монитор дыхания").urgency != "crisis"
    assert clf.classify("вчера папа упал ударился головой с тех пор без сознания").urgency == "crisis"
    assert clf.classify("вчера папа упал ударился головой с тех пор всё время спит").urgency == "crisis"   # hours ago
    with pytest.raises(RulesInvalid) as err:
        parse_rules(RULES.read_text(encoding="utf-8").replace("window: 16, side: after}", "window: 16, side: later}", 1))
    assert "side" in str(err.value)


def test_support_groups_are_not_a_disability_group(clf):
    text = "жена умерла полгода назад дети разъехались не могу ни с кем поговорить может есть группы какие то"
    assert clf.classify(text).category == "other"


def test_no_disabled_children_in_the_family_is_not_a_parents_case(clf):
    assert clf.classify("у нас нет детей инвалидов мы пенсионеры нужен ремонт крыши").category != \
        "parent_of_disabled_child"


def test_a_need_turned_down_is_not_a_need_even_without_a_pause_after_it(clf):
    assert clf.classify("психолог нам не нужен нужна коляска").needs == ["rehabilitation"]
    assert clf.classify("работа мне не нужна мне нужна сиделка для отца").needs == ["home_care"]


def test_a_child_who_hears_poorly_is_a_parents_case_an_old_mother_is_not(clf):
    assert clf.classify("дочка плохо слышит с рождения нам нужен аппарат").category == "parent_of_disabled_child"
    assert clf.classify("мама плохо слышит нужен аппарат").category != "parent_of_disabled_child"


def test_the_explanation_names_the_deciding_phrases(clf):
    result = clf.classify("у сына дцп нужна реабилитация")
    labels = {e.label: e for e in result.evidence}
    assert "дцп" in labels["parent_of_disabled_child"].phrases
    assert "реабилитация" in labels["rehabilitation"].phrases
    assert 0.5 < result.confidence <= 1


def test_menu_choice_and_story_disagreeing_keeps_both_and_flags_it(clf):
    result = clf.classify("мой сын участник сво ранен", {"category": "disabled_person", "urgency": "crisis"})
    assert result.category == "disabled_person" and result.story_category == "svo_family"
    assert result.disagreement == {"menu": "disabled_person", "story": "svo_family"}
    assert result.urgency == "crisis"                         # never lowered by the story


def test_empty_and_filler_only_text(clf):
    for text in ("", "э ну вот", "алло алло"):
        result = clf.classify(text)
        assert result.category == "other" and result.urgency == "normal"


def test_classification_is_deterministic(clf):
    text = "у мамы инсульт я ухаживаю нужна сиделка срочно выписывают завтра"
    assert clf.classify(text).as_dict() == clf.classify(text).as_dict()


# --- rules file ---------------------------------------------------------------------------------

def test_the_shipped_rules_are_valid(app):
    result = app.test_cli_runner().invoke(args=["classify", "rules", str(RULES)])
    assert result.exit_code == 0 and "OK" in result.output and "замечание" not in result.output


def test_a_phrase_repeating_another_form_is_pointed_out_not_refused(app, tmp_path):
    edited = tmp_path / "rules.yaml"
    edited.write_text(RULES.read_text(encoding="utf-8").replace("    phrases: [контузить, контузия,", "    phrases: [контузить, контузия, контузии,", 1),
                      encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["classify", "rules", str(edited)])
    assert result.exit_code == 0 and "замечание: понятие «svo»: «контузии» повторяет «контузия»" in result.output


def test_broken_rules_are_reported_with_lines(app, tmp_path):
    text = RULES.read_text(encoding="utf-8")
    broken = text.replace("    - {when: [svo], weight: 11,", "    - {when: [svoo], weight: 11,", 1) \
        .replace("  orphanage_graduate:\n", "  orphan_graduate:\n", 1) \
        .replace("    negation: caring\n", "    negation: carring\n", 1)
    bad = tmp_path / "rules.yaml"
    bad.write_text(broken, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["classify", "rules", str(bad)])
    assert result.exit_code == 1
    lines = {int(line.split(":")[1]) for line in result.output.splitlines() if line.startswith(f"{bad}:")
             and line.split(":")[1].isdigit()}
    assert len(lines) == 3
    assert "понятие «svoo» не описано" in result.output and "«svo»" in result.output
    assert "«orphan_graduate» — неизвестная метка" in result.output
    assert "набор отрицаний «carring» не описан" in result.output
    with pytest.raises(RulesInvalid):
        parse_rules("concepts: {}\n")


def test_an_invalid_rules_edit_keeps_the_previous_rules(make_app, tmp_path, caplog):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(classification={"rules": str(rules), "reload_check_seconds": 0})
    store = app.extensions["classification"]
    first = store.classifier()
    rules.write_text("concepts: [oops\n", encoding="utf-8")
    assert store.classifier() is first and "INVALID" in caplog.text


# --- evaluation ---------------------------------------------------------------------------------

def test_eval_prints_the_metrics_as_json(app, tmp_path):
    data = tmp_path / "small.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "у сына дцп нужна коляска", "category": "parent_of_disabled_child",
         "needs": ["rehabilitation"], "urgency": "normal", "extra": "ignored"},
        {"text": "я не хочу жить", "category": "other", "needs": ["psychological"], "urgency": "crisis"},
        {"text": "я выпускник детского дома нужна работа", "category": "orphanage_graduate",
         "needs": ["employment"], "urgency": "normal"},
    ]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["classify", "eval", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for key in ("n", "category_accuracy", "category_macro_f1", "needs_micro_f1", "urgency_macro_f1",
                "crisis_recall", "crisis_precision", "category", "needs", "urgency", "confusion_matrix"):
        assert key in report
    assert report["n"] == 3 and report["crisis_recall"] == 1.0 and report["category_accuracy"] == 1.0
    table = app.test_cli_runner().invoke(args=["classify", "eval", str(data)])
    assert "category_macro_f1" in table.output and "матрица ошибок" in table.output


def test_simulated_recognition_damage_is_seeded_and_measured(app):
    import random

    from classification.evaluate import damage

    text = "мне страшно я не хочу больше жить совсем одна"
    assert damage(text, 0.0, random.Random(1)) == text
    assert damage(text, 0.5, random.Random(1)) == damage(text, 0.5, random.Random(1)) != text
    assert all(w not in damage(text, 1.0, random.Random(1)).split() for w in ("страшно", "больше", "совсем"))
    dev = str(ROOT / "classification" / "data" / "dev.jsonl")
    runner = app.test_cli_runner()
    clean = json.loads(runner.invoke(args=["classify", "eval", dev, "--json", "--rules-only"]).output)
    worse = [json.loads(runner.invoke(args=["classify", "eval", dev, "--json", "--rules-only", "--damage", "0.2"]).output)
             for _ in range(2)]
    assert worse[0]["damage"] == 0.2 and worse[0]["needs_micro_f1"] == worse[1]["needs_micro_f1"]
    assert worse[0]["category_macro_f1"] < clean["category_macro_f1"]


def test_eval_rejects_bad_files_clearly(app, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "category": "alien", "needs": [], "urgency": "normal"}\n', encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["classify", "eval", str(bad)])
    assert result.exit_code == 1 and "bad.jsonl:1: unknown label" in result.output


def test_the_dev_split_meets_the_targets(clf):
    """Tuning happens on dev only; the test split's figures are reported in the closing note."""
    from classification.evaluate import evaluate, read_jsonl

    report = evaluate(clf, read_jsonl(ROOT / "classification" / "data" / "dev.jsonl"))
    assert report["category_macro_f1"] >= 0.90
    assert report["crisis_recall"] == 1.0 and report["crisis_precision"] >= 0.8


# --- wired into callback requests ---------------------------------------------------------------

def test_hang_up_classifies_from_the_menu_and_a_transcript_reclassifies(app, phone):
    from sqlalchemy import select

    import database
    from callbacks.models import CallbackRequest
    from ivr.models import Call
    from transcripts.models import Transcript
    from transcripts.pipeline import transcript_ready

    call = phone("+79270000090")
    call.run(["1", "1", "8"])                  # consent, disabled person, benefits; then hangs up
    [req] = callback_requests(app)
    assert (req["category"], req["needs"], req["urgency"]) == ("disabled_person", ["benefits"], "normal")
    with app.app_context():
        s = database.session()
        c = s.scalars(select(Call)).one()
        t = Transcript(call_id=c.id, source="live", status="done",
                       text="я колясочник но звоню потому что муж бьет меня и я боюсь за свою жизнь")
        s.add(t)
        s.commit()
        transcript_ready(s, t.id)
        r = s.scalars(select(CallbackRequest)).one()
        assert r.urgency == "crisis" and r.priority >= 1000
        assert r.category == "disabled_person" and r.classification["source"] == "transcript"
        assert "benefits" in r.needs and r.classification["story_category"] == "disabled_person"


def test_coordinators_corrections_export_as_labelled_data(app, console, tmp_path):
    from tests.conftest import make_request

    rid = make_request(app, "+79270000095", category="other", needs=("other",))
    with app.app_context():
        import database
        from ivr.models import Call
        from sqlalchemy import select
        from transcripts.models import Transcript

        s = database.session()
        call = s.scalars(select(Call).where(Call.callback_request_id == rid)).one()
        s.add(Transcript(call_id=call.id, source="file", status="done", text="ухаживаю за мамой нужна сиделка"))
        s.commit()
    console.login_as("coordinator")
    console.post(f"/requests/{rid}/labels", {"category": "caregiver", "needs": ["home_care"], "urgency": "normal"})
    out = tmp_path / "corrections.jsonl"
    result = app.test_cli_runner().invoke(args=["classify", "corrections", "--out", str(out)])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["text"] == "ухаживаю за мамой нужна сиделка" and row["category"] == "caregiver"
    assert row["was"]["category"] == "other"
    evaluated = app.test_cli_runner().invoke(args=["classify", "eval", str(out), "--json"])
    assert json.loads(evaluated.output)["category_accuracy"] == 1.0
