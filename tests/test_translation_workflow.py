import io
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from security_service.catalogues import cyrillic_catalogue
from security_service.cyrillic import to_cyrillic
from security_service.models import Mission, Service
from security_service.po_files import export_po, import_po
from security_service.publishing import publish
from security_service.worklist import translation_status

from .factories import small_service, text_section
from .html import visible_text
from .test_public_page import PAGES, paragraphs

CYRILLIC_REFERENCE = Path(__file__).resolve().parent / "seed" / "ssi-belgrade.sr-cyrl.txt"


def test_transliteration_of_the_serbian_page_matches_the_hand_written_cyrillic(content):
    expected = CYRILLIC_REFERENCE.read_text(encoding="utf-8").strip().split("\n\n")
    sections = content["sections"]
    latin = [sections[0]["body"]["sr-latn"], sections[2]["missions"][0]["body"]["sr-latn"]]
    assert [to_cyrillic(text) for text in latin] == expected


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Ljubljana, njegov džemper", "Љубљана, његов џемпер"),
        ("LJUBAV, NJEGOŠ, DŽEP, Džep, Njegoš", "ЉУБАВ, ЊЕГОШ, ЏЕП, Џеп, Његош"),
        ("injekcija, konjugacija, nadživeti, podžanr", "инјекција, конјугација, надживети, поджанр"),
        ("Pišite na sctip.belgrade-amba@diplomatie.gouv.fr", "Пишите на sctip.belgrade-amba@diplomatie.gouv.fr"),
        ("Pozovite +381 11 302 35 69 ili 011/302 35 69.", "Позовите +381 11 302 35 69 или 011/302 35 69."),
        (
            "Vidi https://www.mup.gov.rs/ i [sajt](https://www.interieur.gouv.fr/)",
            "Види https://www.mup.gov.rs/ и [сајт](https://www.interieur.gouv.fr/)",
        ),
        ("SSI, ASI, DCI i ALPC", "SSI, ASI, DCI и ALPC"),
        ("Naziv [[Pôle de Belgrade]] ostaje", "Назив Pôle de Belgrade остаје"),
        ("Pokrenite `manage.py backup` sa --force; vidi data.json", "Покрените `manage.py backup` са --force; види data.json"),
        ("Slike WebP, prevod u Poedit ili Weblate", "Слике WebP, превод у Poedit или Weblate"),
        ("crno-beli, 2-3 dana", "црно-бели, 2-3 дана"),
    ],
)
def test_transliteration_keeps_what_must_stay_latin(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_cyrillic_page_is_served_with_its_language_tag(client, ssi):
    response = client.get(PAGES["sr"])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sr-Cyrl">' in html
    text = visible_text(html)
    for paragraph in CYRILLIC_REFERENCE.read_text(encoding="utf-8").strip().split("\n\n"):
        assert paragraph in text
    assert "На врх странице" in text and "Последња измена: 05.06.2020." in text
    assert "Служба за унутрашњу безбедност" in text and "sctip.belgrade-amba@diplomatie.gouv.fr" in text


def test_a_cyrillic_text_written_by_a_translator_wins_over_transliteration(client, ssi):
    intro = text_section(ssi)
    intro.body_sr = "Текст који је написао преводилац."
    intro.save()
    publish(ssi)
    assert "Текст који је написао преводилац." in visible_text(client.get(PAGES["sr"]).content.decode())
    assert "Dužnost šefa" in visible_text(client.get(PAGES["sr-latn"]).content.decode())


def test_language_choice_is_remembered(client, ssi):
    response = client.get(f"/language/sr/?next={PAGES['sr']}")
    assert response.status_code == 302 and response["Location"] == PAGES["sr"]
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/sr/"
    assert Client().get("/language/sr/?next=https://evil.example/")["Location"] == "/sr/"
    assert Client().get("/language/xx/?next=/").status_code == 404


def test_a_language_without_any_translation_is_not_offered(client, ssi):
    small_service(published=True)
    html = client.get("/fr/section-consulaire/").content.decode()
    assert 'hreflang="en"' not in html and 'hreflang="sr-Latn"' not in html and 'hreflang="sr-Cyrl"' not in html
    assert 'hreflang="en"' in client.get(PAGES["fr"]).content.decode()


def test_a_translated_page_says_the_french_version_is_the_reference(client, ssi):
    assert "the French version is the reference" in visible_text(client.get(PAGES["en"]).content.decode())
    assert "merodavna je verzija na francuskom" in visible_text(client.get(PAGES["sr-latn"]).content.decode())
    assert "reference-note" not in client.get(PAGES["fr"]).content.decode()


def test_french_typography_adds_no_break_spaces(client, ssi):
    intro = text_section(ssi)
    intro.body_fr = "Attention : le service est fermé ! Voir « Contacts » ; merci ?"
    intro.save()
    publish(ssi)
    html = client.get(PAGES["fr"]).content.decode().replace("&nbsp;", "\xa0")
    assert "Attention\xa0: le service est fermé\xa0! Voir «\xa0Contacts\xa0»\xa0; merci\xa0?" in html


def export(language="sr-latn"):
    return export_po(language, Service.objects.with_parts())


def test_export_has_one_entry_per_translated_text_with_its_french_source(ssi):
    po = export()
    intro = text_section(ssi)
    entry = next(e for e in po if e.msgctxt == f"security_service.section:{intro.pk}:body")
    assert entry.msgid == intro.body_fr and entry.msgstr == intro.body_sr_latn
    assert po.metadata["Language"] == "sr_Latn"
    assert len({e.msgctxt for e in po}) == len(po)
    assert all(e.msgid for e in po)


def test_export_change_two_entries_import_changes_exactly_those_two(ssi, tmp_path):
    po = export()
    before = {(type(o), o.pk, f): getattr(o, f) for o in _all_objects(ssi) for f in _text_fields(o)}
    changed = {}
    for entry in [entry for entry in po if not entry.msgctxt.endswith(":slug")][:2]:  # an address is no sentence
        entry.msgstr = entry.msgstr + "\n\n- nova stavka\n- [veza](https://www.srbija.gov.rs/)"
        changed[entry.msgctxt] = entry.msgstr
    path = tmp_path / "sr.po"
    po.save(str(path))
    out = io.StringIO()
    call_command("import_content_po", str(path), stdout=out)
    assert "2 changed" in out.getvalue()
    after = {(type(o), o.pk, f): getattr(o, f) for o in _all_objects(ssi) for f in _text_fields(o)}
    differences = {key for key in before if before[key] != after[key]}
    assert len(differences) == 2
    for model, pk, name in differences:
        assert name.endswith("_sr_latn")
        assert after[(model, pk, name)] in changed.values()


def test_a_file_made_before_a_french_edit_has_its_stale_entries_reported_not_written(ssi, tmp_path):
    po = export()
    for entry in po:
        if not entry.msgctxt.endswith(":slug"):  # an address is no sentence
            entry.msgstr = "Novi prevod."
    path = tmp_path / "old.po"
    po.save(str(path))
    mission = Mission.objects.get(service=ssi)
    mission.body_fr = "Un texte français entièrement réécrit."
    mission.save()
    with pytest.raises(CommandError, match="1 entries not imported") as error:
        call_command("import_content_po", str(path), stdout=io.StringIO())
    assert "the French text changed since the export" in str(error.value)
    mission.refresh_from_db()
    assert mission.body_sr_latn.startswith("Ataše za unutrašnju bezbednost")
    assert text_section(ssi).body_sr_latn == "Novi prevod."


def test_import_never_touches_french_and_refuses_a_french_file(ssi):
    po = export()
    po.metadata["Language"] = "fr"
    with pytest.raises(Exception, match="n’est pas une langue de traduction de ce site"):
        import_po(po)
    assert text_section(ssi).body_fr.startswith("Le poste de chef")


def test_round_trip_is_lossless(ssi):
    mission = Mission.objects.get(service=ssi)
    mission.body_fr = "Premier.\n\n- un\n- **deux** [lien](https://example.org/)\n\nFin : « ici »."
    mission.body_en = "First.\n\n- one\n- **two** [link](https://example.org/)\n\nEnd."
    mission.save()
    po = polib.pofile(str(export("en")))
    report = import_po(po)
    assert report.changed == [] and report.stale == []
    mission.refresh_from_db()
    assert mission.body_en == "First.\n\n- one\n- **two** [link](https://example.org/)\n\nEnd."


def test_a_french_change_marks_translations_for_review_until_updated(ssi):
    mission = Mission.objects.get(service=ssi)
    assert all(not translation_status(ssi)[lang].stale for lang in ("sr-latn", "en"))
    mission.body_fr = mission.body_fr + " Phrase ajoutée."
    mission.save()
    service = Service.objects.with_parts().get(pk=ssi.pk)
    assert [len(translation_status(service)[lang].stale) for lang in ("sr-latn", "sr", "en")] == [1, 1, 1]
    entry = next(e for e in export("en") if e.msgctxt.startswith("security_service.mission"))
    assert entry.fuzzy and entry.previous_msgid.endswith("la sécurité intérieure de la France.")
    mission.refresh_from_db()
    mission.body_en = mission.body_en + " An added sentence."
    mission.save()
    service = Service.objects.with_parts().get(pk=ssi.pk)
    assert [len(translation_status(service)[lang].stale) for lang in ("sr-latn", "en")] == [1, 0]


def test_importing_an_unchanged_reviewed_translation_confirms_it(ssi):
    mission = Mission.objects.get(service=ssi)
    mission.body_fr = mission.body_fr + " Phrase ajoutée."
    mission.save()
    po = export("en")
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    report = import_po(po)
    assert len(report.confirmed) == 1
    assert not translation_status(Service.objects.with_parts().get(pk=ssi.pk))["en"].stale


def test_translation_status_command(ssi):
    Mission.objects.filter(service=ssi).update(body_en="")
    out = io.StringIO()
    call_command("translation_status", "--details", stdout=out)
    assert "en       translated  21  missing   1  stale   0" in out.getvalue()  # the street is one of the texts


def test_cyrillic_interface_catalogue_is_generated_from_the_latin_one():
    generated, path = cyrillic_catalogue()
    shipped = polib.pofile(str(path))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in shipped} == {(e.msgctxt, e.msgid): e.msgstr for e in generated}, (
        "locale/sr is out of step with locale/sr_Latn: run `manage.py make_cyrillic_catalogue`"
    )


def _all_objects(service):
    from security_service.po_files import page_objects

    return list(page_objects(Service.objects.with_parts().get(pk=service.pk)))


def _text_fields(obj):
    from security_service.languages import field_languages

    return list(field_languages(type(obj)))


def test_paragraph_helper_is_shared():
    assert paragraphs("a\n\nb") == ["a", "b"]


def test_translator_downloads_and_uploads_a_po_file_in_the_admin(client, ssi, django_user_model):
    from django.contrib.auth.models import Group

    from security_service.roles import translator_group_name

    user = django_user_model.objects.create_user("translator", password="a-long-translator-password", is_staff=True)
    user.groups.add(Group.objects.get(name=translator_group_name("en")))
    assert client.post("/admin/login/", {"username": "translator", "password": "a-long-translator-password"}).status_code == 302
    response = client.get(f"/admin/security_service/service/{ssi.pk}/po/en/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="service-de-securite-interieure.en.po"'
    po = polib.pofile(response.content.decode())
    entry = next(e for e in po if e.msgctxt == f"security_service.section:{text_section(ssi).pk}:body")
    entry.msgstr = "An introduction revised by the translator."
    upload = io.BytesIO(str(po).encode())
    upload.name = "service.en.po"
    response = client.post("/admin/security_service/service/import-po/", {"file": upload})
    text = visible_text(response.content.decode())
    assert "1 texte modifié en en" in text and "Section" in text
    assert text_section(ssi).body_en == "An introduction revised by the translator."
    assert client.get(f"/admin/security_service/service/{ssi.pk}/po/sr-latn/").status_code == 200  # reading is allowed

    po.metadata["Language"] = "sr_Latn"
    upload = io.BytesIO(str(po).encode())
    upload.name = "service.sr.po"
    response = client.post("/admin/security_service/service/import-po/", {"file": upload})
    assert "dont vous ne pouvez pas modifier les textes" in visible_text(response.content.decode())
