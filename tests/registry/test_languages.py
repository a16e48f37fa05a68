"""The registry in the six languages (docs/languages.md): State names from CLDR with the UN short
names kept, reference data with a column per language, English where a column is empty, lists
alphabetical in the page's language (P 3(b)), question text built from data that reads right."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from questionnaires.definitions import starting_definition
from sherloc.registry.i18n import sort_key, sorted_states, state_name
from sherloc.registry.loader import load_reference
from sherloc.registry.models import Article, Cluster, Instrument, State, WorkplanPhase
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_state_names_come_from_cldr_in_the_six_languages():
    germany = State.objects.get(code="DEU")
    assert state_name(germany, "ar") == "ألمانيا"
    assert state_name(germany, "fr") == "Allemagne"
    assert state_name(germany, "ru") == "Германия"
    assert state_name(germany, "es") == "Alemania"
    assert state_name(germany, "en") == "Germany"
    china = State.objects.get(code="CHN")
    assert state_name(china, "zh-hans") == "中国"
    with translation.override("zh-hans"):
        assert str(china) == "中国"  # what every page prints for {{ state }}


def test_the_un_short_name_is_kept_where_it_differs_from_cldr():
    korea = State.objects.get(code="KOR")
    assert korea.name == "Republic of Korea"  # CLDR and the common name say "South Korea"
    assert state_name(korea, "fr") == "République de Corée"  # CLDR: "Corée du Sud"
    palestine = State.objects.get(code="PSE")
    assert state_name(palestine, "ar") == "دولة فلسطين"  # CLDR: "الأراضي الفلسطينية"
    assert state_name(State.objects.get(code="VAT"), "es") == "Santa Sede"  # CLDR: "Ciudad del Vaticano"


def test_the_secretariat_override_wins_and_a_reload_keeps_it():
    bolivia = State.objects.get(code="BOL")
    bolivia.name_ru = "Боливия (исправлено секретариатом)"
    bolivia.save()
    load_reference(settings.REFERENCE_DATA_DIR)
    bolivia.refresh_from_db()
    assert state_name(bolivia, "ru") == "Боливия (исправлено секретариатом)"


def test_the_european_union_has_its_name_in_every_language_though_it_has_no_iso2():
    eu = State.objects.get(code="EU")
    assert eu.iso2 in ("", "EU")
    assert state_name(eu, "zh-hans") == "欧洲联盟"
    eu.name_zh_hans = ""
    assert state_name(eu, "zh-hans") == "欧盟"  # CLDR's territory "EU" when no UN name is kept


def test_a_state_without_iso2_or_translation_falls_back_to_english():
    state = State(code="XXK", name="Somewhere", iso2="")
    assert state_name(state, "ar") == "Somewhere"


def test_states_are_listed_alphabetically_in_the_page_language():
    """P 3(b): lists are alphabetical, never ranked — and alphabetical in the reader's language."""
    states = list(State.objects.filter(code__in=["DEU", "EGY", "AUT", "ESP", "CHE"]))
    assert [s.code for s in sorted_states(states, "en")] == ["AUT", "EGY", "DEU", "ESP", "CHE"]
    # Allemagne, Autriche, Égypte, Espagne, Suisse: the accent does not send Égypte to the end
    assert [s.code for s in sorted_states(states, "fr")] == ["DEU", "AUT", "EGY", "ESP", "CHE"]
    # Австрия, Германия, Египет, Испания, Швейцария
    assert [s.code for s in sorted_states(states, "ru")] == ["AUT", "DEU", "EGY", "ESP", "CHE"]
    assert sort_key("Égypte") < sort_key("Espagne") < sort_key("Suisse")


def test_the_states_page_in_spanish_is_alphabetical_in_spanish(client, secretariat):
    with translation.override("es"):
        url = reverse("registry:states")
    page = verified_client(client, secretariat).get(url).content.decode()
    # Alemania before Austria before Egipto before España; "Germany" is not on the page
    positions = [page.index(f">{name}<") for name in ["Alemania", "Austria", "Egipto", "España"]]
    assert positions == sorted(positions)
    assert ">Germany<" not in page


def test_reference_data_is_shown_in_the_page_language_with_english_as_fallback():
    article = Article.objects.get(instrument__code="UNTOC", number=2)
    instrument = Instrument.objects.get(code="UNTOC")
    with translation.override("fr"):
        assert article.localized("title") == "Terminologie"
        assert str(instrument) == "Convention contre la criminalité organisée"
        assert str(Cluster.objects.get(code="criminalization")) == "Incrimination et compétence"
        assert str(WorkplanPhase.objects.get(number=1)) == "Première phase d'examen"
    with translation.override("zh-hans"):
        assert article.localized("title") == "术语的使用"
    article.title_ar = ""
    with translation.override("ar"):
        assert article.localized("title") == "Use of terms"


def test_the_question_text_built_from_data_reads_right_in_french_and_arabic():
    questions = {q["id"]: q for s in starting_definition("UNTOC")["sections"] for q in s["questions"]}
    text = questions["untoc-5-measures"]["text"]
    assert text["en"] == (
        "Has your country adopted the measures required by article 5 (Criminalization of participation in an "
        "organized criminal group) of the Organized Crime Convention?"
    )
    assert text["fr"] == (
        "Votre pays a-t-il adopté les mesures requises par l'article 5 (Incrimination de la participation à un "
        "groupe criminel organisé) de la Convention contre la criminalité organisée ?"
    )
    assert text["ar"] == (
        "هل اعتمد بلدكم التدابير التي تقتضيها المادة 5 (تجريم المشاركة في جماعة إجرامية منظمة) من اتفاقية الجريمة المنظمة؟"
    )
    assert text["zh-hans"].startswith("贵国是否已采取《有组织犯罪公约》第5条")


def test_an_article_in_a_sentence_takes_the_language_of_the_page():
    article = Article.objects.get(instrument__code="TIP", number=5)
    with translation.override("en"):
        assert article.in_sentence() == "article 5 (Criminalization) of the Trafficking in Persons Protocol"
    with translation.override("fr"):
        sentence = article.in_sentence()
    assert "(Incrimination) du Protocole relatif à la traite des personnes" in sentence
