"""The content PO file a translator downloads: a header gettext tools accept without a warning, entries in the page's
order, each saying where its text is on the page in the translator's language, a web address saying what changing it
does, and the Cyrillic Serbian texts the page derives from the Latin ones given as suggestions to review."""

import io
import subprocess

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from modeltranslation.utils import build_localized_fieldname

from security_service.cyrillic import to_cyrillic
from security_service.languages import field_languages, target_languages
from security_service.models import Directorate, Mission, Section, Service, StaffRole
from security_service.po_files import export_po, import_po, page_order
from security_service.roles import translator_group_name

from .factories import text_section
from .html import visible_text

MSGFMT = "/usr/bin/msgfmt"


def export(language, service=None):
    services = Service.objects.with_parts()
    if service is not None:
        services = services.filter(pk=service.pk)
    return export_po(language, services)


def msgfmt(po, tmp_path):
    """(return code, what msgfmt -c --check-format wrote on stderr) for the file `po`."""
    path = tmp_path / "export.po"
    path.write_text(str(po), encoding="utf-8")
    done = subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", str(tmp_path / "export.mo"), str(path)], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize("language", [code for code, _name in settings.SUPPORTED_LANGUAGES.items() if code != "fr"])
def test_msgfmt_accepts_the_export_of_every_language_without_a_warning(ssi, tmp_path, language, settings):
    settings.LANGUAGES = list(settings.SUPPORTED_LANGUAGES.items())
    po = export(language)
    assert len(po) > 10
    assert msgfmt(po, tmp_path) == (0, "")


def test_msgfmt_accepts_the_command_s_file(ssi, tmp_path):
    path = tmp_path / "en.po"
    call_command("export_content_po", "--language", "en", "--output", str(path), stderr=io.StringIO())
    done = subprocess.run([MSGFMT, "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert path.read_text(encoding="utf-8").startswith("# Texts of the pages “Internal Security Service")


def test_the_header_says_what_the_file_is_and_who_translated_it_last(ssi, editor_client, django_user_model):
    po = export("sr-latn")
    lines = str(po).splitlines()
    assert lines[0].startswith("# Tekstovi stranica „Služba za unutrašnju bezbednost“") and lines[0] != "#"
    assert po.metadata["Language"] == "sr_Latn"
    assert po.metadata["Language-Team"] == f"{translator_group_name('sr-latn')} <{settings.SITE_URL}/admin/>"
    assert po.metadata["Plural-Forms"] == polib.pofile("locale/sr_Latn/LC_MESSAGES/django.po").metadata["Plural-Forms"]
    assert po.metadata["PO-Revision-Date"] == Service.objects.get(pk=ssi.pk).updated_at.strftime("%Y-%m-%d %H:%M+0000")
    assert po.metadata["Last-Translator"] == "niko još nije uvezao prevode na ovaj jezik"

    user = django_user_model.objects.create_user(
        "ana", password="a-long-translator-password", email="ana@example.org", first_name="Ana", last_name="Petrović", is_staff=True
    )
    user.groups.add(Group.objects.get(name=translator_group_name("sr-latn")))
    entry = next(e for e in po if e.msgctxt == f"security_service.section:{text_section(ssi).pk}:body")
    entry.msgstr = "Uvod koji je prevodilac izmenio."
    report = import_po(polib.pofile(str(po)), user)
    assert len(report.changed) == 1
    again = export("sr-latn")
    assert again.metadata["Last-Translator"] == "Ana Petrović <ana@example.org>"
    assert again.metadata["PO-Revision-Date"] == Service.objects.get(pk=ssi.pk).updated_at.strftime("%Y-%m-%d %H:%M+0000")
    assert export("en").metadata["Last-Translator"] == "nobody has imported translations into this language yet"


def section_of(obj):
    """The section of the page that shows `obj`: a section's own, an item's, a link's group's, a phone's contact point's."""
    if isinstance(obj, Section):
        return obj
    if hasattr(obj, "group"):
        return obj.group.section
    if hasattr(obj, "contact_point"):
        return obj.contact_point.section
    if isinstance(obj, Directorate):
        return obj.sections.filter(service__slug_fr="service-de-securite-interieure").first()
    return obj.section


def test_entries_come_in_the_page_s_order(ssi):
    sections = list(Section.objects.filter(service=ssi).order_by("position", "pk"))
    first, last = sections[0], sections[-1]
    first.position, last.position = last.position + 1, first.position  # the last section moves to the top
    Section.objects.bulk_update([first, last], ["position"])
    models = {model._meta.label_lower: model for model in apps.get_models()}
    objects = []
    for entry in export("en", ssi):
        label, pk, field = entry.msgctxt.split(":")
        objects.append((models[label].objects.get(pk=pk), field))
    assert [(type(obj), field) for obj, field in objects[:3]] == [(Service, "name"), (Service, "slug"), (Service, "seo_description")]
    page = [section.pk for section in Section.objects.filter(service=ssi).order_by("position", "pk")]
    assert page[0] == last.pk and page[-1] == first.pk
    shown = [page.index(section_of(obj).pk) for obj, _field in objects[3:]]
    assert shown == sorted(shown) and len(set(shown)) > 3  # section after section, each with its items
    # Items in their order, each one's texts together in the order of its form.
    roles = [obj for obj, _field in objects if isinstance(obj, StaffRole)]
    assert list(dict.fromkeys(roles)) == list(StaffRole.objects.filter(service=ssi).order_by("position", "pk"))
    head = roles[0]
    assert [field for obj, field in objects if obj == head] == ["title", "abbreviation", "description"]
    assert roles[: roles.count(head)] == [head] * roles.count(head)


def test_each_entry_names_its_page_section_and_field_in_the_translator_s_language(ssi):
    intro = text_section(ssi)
    mission = Mission.objects.get(service=ssi)
    number = list(Section.objects.filter(service=ssi).order_by("position", "pk")).index(mission.section) + 1
    pages = (("sr-latn", "Stranica „Služba za unutrašnju bezbednost“", "Tekst"), ("en", "Page “Internal Security Service", "Text"))
    for language, page, field in pages:
        po = export(language, ssi)
        comment = next(e for e in po if e.msgctxt == f"security_service.section:{intro.pk}:body").comment.splitlines()[0]
        assert comment.startswith(page) and comment.endswith(f" › {field}"), comment
        comment = next(e for e in po if e.msgctxt == f"security_service.mission:{mission.pk}:body").comment.splitlines()[0]
        heading = getattr(mission.section, build_localized_fieldname("heading", language))
        assert f" {number} " in comment and (not heading or heading in comment), comment
    cyrillic = next(e for e in export("sr", ssi) if e.msgctxt == f"security_service.section:{intro.pk}:body").comment
    assert cyrillic.startswith("Страница „Служба за унутрашњу безбедност“") and cyrillic.splitlines()[0].endswith(" › Текст")


def test_a_web_address_entry_says_that_changing_it_changes_the_page_s_address(ssi):
    entry = next(e for e in export("en", ssi) if e.msgctxt == f"security_service.service:{ssi.pk}:slug")
    assert entry.msgstr == "internal-security-service"
    assert f"web address in this language: {settings.SITE_URL}/en/internal-security-service/." in entry.comment
    assert "Changing it changes the page's address" in entry.comment and "sent on to the new one" in entry.comment
    entry = next(e for e in export("sr-latn", ssi) if e.msgctxt.endswith(":slug"))
    assert "/sr-latn/sluzba-za-unutrasnju-bezbednost/" in entry.comment and "adresa stranice se menja" in entry.comment


def test_the_cyrillic_export_suggests_the_derived_text_for_review(ssi, tmp_path):
    po = export("sr", ssi)
    intro = text_section(ssi)
    entry = next(e for e in po if e.msgctxt == f"security_service.section:{intro.pk}:body")
    assert entry.msgstr == to_cyrillic(intro.body_sr_latn) and entry.fuzzy and entry.previous_msgid is None
    assert "ћирилиц" in entry.comment
    assert po.percent_translated() == 0 and all(e.fuzzy for e in po if e.msgstr)
    assert not [e for e in po if e.msgctxt.endswith(":slug")]  # the Cyrillic page's address is the Latin one
    # Imported as suggested, fuzzy or not, it writes nothing: the Cyrillic page keeps following the Latin text.
    for e in po:
        e.flags.remove("fuzzy")
    report = import_po(polib.pofile(str(po)))
    assert report.changed == [] and report.invalid == []
    assert not Section.objects.get(pk=intro.pk).body_sr
    # Corrected, it becomes the Cyrillic page's own text.
    entry.msgstr = "Текст који је преводилац исправио."
    assert import_po(po).changed and Section.objects.get(pk=intro.pk).body_sr == "Текст који је преводилац исправио."
    again = next(e for e in export("sr", ssi) if e.msgctxt == entry.msgctxt)
    assert again.msgstr == "Текст који је преводилац исправио." and not again.fuzzy


def test_the_admin_offers_the_cyrillic_file_with_its_suggestions(editor_client, ssi):
    response = editor_client.get(f"/admin/security_service/service/{ssi.pk}/change/")
    assert f"/admin/security_service/service/{ssi.pk}/po/sr/" in response.content.decode()
    response = editor_client.get(f"/admin/security_service/service/{ssi.pk}/po/sr/")
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "sr" and any(e.fuzzy and e.msgstr for e in po)
    assert "sr" in target_languages()  # the command offers it too (--language choices)


def test_export_then_import_gives_the_same_content(ssi):
    def texts():
        service = Service.objects.with_parts().get(pk=ssi.pk)
        return {(type(obj), obj.pk, name): getattr(obj, name) for obj, _here in page_order(service) for name in field_languages(type(obj))}

    before = texts()
    for language in target_languages():
        report = import_po(polib.pofile(str(export(language))))
        assert report.changed == [] and report.invalid == [] and report.conflicts == [] and report.errors == []
    assert texts() == before


def test_the_cyrillic_translate_view_lists_only_what_the_cyrillic_page_lacks(translator, translator_client, ssi):
    translator.groups.add(Group.objects.get(name=translator_group_name("sr")))
    mission = Mission.objects.get(service=ssi)
    mission.body_sr_latn = ""
    mission.save()
    page = visible_text(translator_client.get(f"/admin/security_service/service/{ssi.pk}/translate/sr/").content.decode())
    assert mission.body_fr in page  # no Latin text, so nothing to show in Cyrillic: to translate
    assert text_section(ssi).body_fr not in page  # shown transliterated from the Latin text: nothing to do
