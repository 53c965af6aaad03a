"""The rules that keep words Latin on the Cyrillic pages (security_service/cyrillic.py RULES), one by one."""

import polib
import pytest

from security_service.catalogues import cyrillic_catalogue
from security_service.cyrillic import RULES, pieces, strip_language_marks, to_cyrillic

EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def test_every_rule_has_a_name_of_its_own_a_label_and_examples():
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert all(rule.label and rule.examples for rule in RULES)


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{rule.name}:{example}" for rule, example in EXAMPLES])
def test_each_rule_keeps_its_examples_as_written_between_serbian_words(rule, example):
    kept = [piece for piece in pieces(f"Vidi {example} ovde") if piece.rule is not None]
    assert [(piece.latin, piece.rule.name) for piece in kept] == [(example, rule.name)]
    assert to_cyrillic(f"Vidi {example} ovde") == f"Види {kept[0].cyrillic} овде"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # What the Cyrillic pages showed: "еталаб-2.0", "вЦард", "Цовид-19", "Франце-Виса", "Дéфенсеур дес дроитс".
        ("pod licencom etalab-2.0.", "под лиценцом etalab-2.0."),
        ("Licence Ouverte / Open Licence", "Licence Ouverte / Open Licence"),
        ("Kontakt u formatu vCard", "Контакт у формату vCard"),
        ("Mere zbog bolesti Covid-19", "Мере због болести Covid-19"),
        ("Vize izdaje France-Visa.", "Визе издаје France-Visa."),
        ("75342 Paris CEDEX 07", "75342 Парис CEDEX 07"),
        (
            "[Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07]{lang=fr}, Francuska",
            "[Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07]{lang=fr}, Француска",
        ),
        ("Linkovi: service-public.fr i legifrance.gouv.fr.", "Линкови: service-public.fr и legifrance.gouv.fr."),
        # What the Cyrillic admin showed: "маилто:", "/фр/сервице-де-сецурите-интериеуре/".
        ("Link počinje sa mailto: ili tel:.", "Линк почиње са mailto: или tel:."),
        ("na primer /fr/service-de-securite-interieure/.", "на пример /fr/service-de-securite-interieure/."),
        ("npr. service-de-securite-interieure.", "нпр. service-de-securite-interieure."),
    ],
)
def test_names_licences_formats_and_marked_french_stay_as_written(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("NAPOMENA: SRBIJA", "НАПОМЕНА: СРБИЈА"),  # words in capitals longer than an acronym are Serbian words
        ("NJIH i LJUDI", "ЊИХ и ЉУДИ"),  # a digraph makes a short word in capitals a Serbian one
        ("čćšžđ ČĆŠŽĐ", "чћшжђ ЧЋШЖЂ"),  # the letters of Serbian Latin are not foreign ones
        ("data", "дата"),  # a word is no file name, nor a domain, without its ending
        ("Pariska 11", "Париска 11"),
        ("i/ili, crno-beli, 011/302", "и/или, црно-бели, 011/302"),  # a slash or a hyphen alone makes no address
    ],
)
def test_serbian_words_are_transliterated_whatever_their_case(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_each_piece_says_whether_it_was_transliterated_or_by_which_rule_it_stayed_latin():
    found = [(piece.latin, piece.cyrillic, piece.rule and piece.rule.name) for piece in pieces("Pišite na a@b.fr (SSI).")]
    assert found == [
        ("Pišite na ", "Пишите на ", None),
        ("a@b.fr", "a@b.fr", "e-mail"),
        (" (", " (", None),
        ("SSI", "SSI", "capitals"),
        (").", ").", None),
    ]


def test_a_language_mark_leaves_its_words_in_a_text_shown_as_typed():
    assert strip_language_marks("Adresa: [Ambassade de France]{lang=fr}.") == "Adresa: Ambassade de France."


@pytest.mark.parametrize(
    ("latin", "source", "cyrillic"),
    [
        # What the Cyrillic admin showed: "нпр. Ен Франце", "нпр. Амбассаде де Франце", "L’attaché де sécurité".
        ("npr. En France. Ostavite prazno.", "e.g. En France. Leave empty.", "нпр. En France. Оставите празно."),
        ("npr. Ambassade de France", "e.g. Ambassade de France", "нпр. Ambassade de France"),
        ("npr. L’attaché de sécurité intérieure", "e.g. L’attaché de sécurité intérieure", "нпр. L’attaché de sécurité intérieure"),
        # One word the Serbian shares with the English is a Serbian word; a placeholder or a tag is no copied text.
        ("link ili folder %(folder)s", "link or folder %(folder)s", "линк или фолдер %(folder)s"),
        (
            'pod <a href="https://a.fr/b">licencom</a>',
            'under the <a href="https://a.fr/b">licence</a>',
            'под <a href="https://a.fr/b">лиценцом</a>',
        ),
    ],
)
def test_the_cyrillic_catalogue_keeps_what_a_serbian_string_copies_from_its_source(latin, source, cyrillic):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid=source, msgstr=latin))
    assert cyrillic_catalogue(catalogue)[0][0].msgstr == cyrillic
