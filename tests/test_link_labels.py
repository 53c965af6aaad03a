"""A link's label says where it goes without its group's heading: under "En France" and "En Serbie", two links that
both read "Ministère de l’intérieur" tell a screen reader's list of links, a search engine or a copied link nothing.
One label for links to different places in one links section is refused by the admin's form (in the languages its
user edits), by page-file import (`import_page`, `load_content`) and by publishing."""

import html as html_module
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from security_service.models import Link, Service
from security_service.publishing import publish

from .admin_forms import change_form, page_field
from .html import visible_text
from .test_page_files import export, import_text
from .test_public_page import PAGES

BELGRADE = "service-de-securite-interieure"
LABELS = {
    "fr": ["Ministère de l’intérieur français", "Ministère de l’intérieur serbe"],
    "sr-latn": ["Ministarstvo unutrašnjih poslova Francuske", "Ministarstvo unutrašnjih poslova"],
    "sr": ["Министарство унутрашњих послова Француске", "Министарство унутрашњих послова"],
    "en": ["French Ministry of the Interior", "Serbian Ministry of the Interior"],
}
ADDRESSES = ["https://www.interieur.gouv.fr/", "https://www.mup.gov.rs/"]
SAME_LABEL_ERROR = "est le libellé de liens vers des adresses différentes"


def page_links(html):
    """[(label, address)] of the links sections of a rendered page, in page order."""
    found = []
    for section in re.findall(r'<section class="links".*?</section>', html, re.DOTALL):
        for address, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', section, re.DOTALL):
            found.append((html_module.unescape(re.sub(r"<[^>]+>", "", label)).strip(), html_module.unescape(address)))
    return found


@pytest.mark.parametrize("lang", list(PAGES))
def test_each_link_of_the_belgrade_page_says_where_it_goes_in_every_language(client, ssi, lang):
    links = page_links(client.get(PAGES[lang]).content.decode())
    assert links == list(zip(LABELS[lang], ADDRESSES, strict=True))


def clash_in_french(service):
    """The page's two links as the SPIP page had them: both "Ministère de l'intérieur" (the apostrophe typed apart)."""
    first, second = Link.objects.filter(service=service).order_by("group__position")
    Link.objects.filter(pk=first.pk).update(label_fr="Ministère de l’intérieur")
    Link.objects.filter(pk=second.pk).update(label_fr="ministère de l'intérieur")
    return first, second


# In the admin's form


def test_the_page_form_refuses_one_label_for_two_addresses_and_saves_nothing(editor_client, client, ssi):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "links-0-label_en")] = "Ministry of the Interior"
    data[page_field(data, "links-1-label_en")] = "Ministry of the Interior"
    data["sections-0-body_fr"] = "Ne doit pas être enregistré."
    response = editor_client.post(url, {**data, "_publish": "1"})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    # Told at each of the two links' English label (visible_text reads no-break spaces as spaces).
    assert text.count(f"Libellé [en]: Anglais : « Ministry of the Interior » {SAME_LABEL_ERROR} ({', '.join(ADDRESSES)})") == 2
    assert "Le libellé d’un lien doit dire où il mène, lu sans le titre de son groupe." in text
    assert sorted(Link.objects.filter(service=ssi).values_list("label_en", flat=True)) == sorted(LABELS["en"])
    assert page_links(client.get(PAGES["en"]).content.decode())[0][0] == "French Ministry of the Interior"


def test_the_page_form_takes_one_label_for_one_address_in_two_groups(editor_client, ssi):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "links-1-url")] = ADDRESSES[0]
    data[page_field(data, "links-1-label_en")] = "French Ministry of the Interior"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert Link.objects.filter(service=ssi, label_en="French Ministry of the Interior").count() == 2


def test_the_page_form_refuses_a_clash_an_editor_leaves_in_a_language_they_edit(editor_client, ssi):
    clash_in_french(ssi)
    url, data = change_form(editor_client, ssi)
    data["sections-0-body_fr"] = "Une autre correction."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert f"Français : « Ministère de l’intérieur » {SAME_LABEL_ERROR}" in visible_text(response.content.decode())


def test_a_translator_is_not_stopped_by_a_clash_in_a_language_they_may_not_edit(translator_client, ssi):
    clash_in_french(ssi)
    url, data = change_form(translator_client, ssi)
    data[page_field(data, "links-1-label_sr_latn")] = "Ministarstvo unutrašnjih poslova Srbije"
    response = translator_client.post(url, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    assert Link.objects.filter(service=ssi, label_sr_latn="Ministarstvo unutrašnjih poslova Srbije").exists()


def test_a_translator_may_not_give_two_links_their_label_in_their_language(translator_client, ssi):
    url, data = change_form(translator_client, ssi)
    data[page_field(data, "links-0-label_sr_latn")] = "Ministarstvo unutrašnjih poslova"
    response = translator_client.post(url, data)
    assert response.status_code == 200
    assert f"« Ministarstvo unutrašnjih poslova » {SAME_LABEL_ERROR}" in visible_text(response.content.decode())
    assert Link.objects.filter(service=ssi, label_sr_latn="Ministarstvo unutrašnjih poslova").count() == 1


# At page-file import and load_content


def test_a_page_file_with_one_label_for_two_addresses_is_refused_at_the_label(tmp_path, ssi):
    text = export(BELGRADE).replace('en = "Serbian Ministry of the Interior"', 'en = "French Ministry of the Interior"')
    with pytest.raises(CommandError) as refused:
        import_text(tmp_path, text)
    message = str(refused.value)
    line = 1 + text.splitlines().index('en = "French Ministry of the Interior"', text.index("mup.gov.rs") and 0)
    assert f"line {line} " not in message  # the first link's line: the error names the second's
    assert "(sections[5].groups[2].links[1].label.en)" in message
    assert f"“French Ministry of the Interior” is also the label of the link to {ADDRESSES[0]} in this section" in message
    assert "Rien n’a été modifié." in message
    assert Link.objects.filter(service=ssi, label_en="Serbian Ministry of the Interior").exists()


def test_load_content_refuses_a_file_whose_labels_clash_and_loads_nothing(tmp_path, ssi):
    text = export(BELGRADE).replace(BELGRADE, "autre-service").replace("sluzba-za-unutrasnju", "druga-sluzba")
    text = text.replace("internal-security-service", "other-service").replace(
        "Ministère de l’intérieur serbe", "Ministère de l’intérieur français"
    )
    path = tmp_path / "autre.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="“Ministère de l’intérieur français” is also the label"):
        call_command("load_content", str(path), stdout=io.StringIO())
    assert not Service.objects.filter(slug_fr="autre-service").exists()


# At publishing


def test_a_draft_with_one_label_for_two_addresses_is_not_published(client, ssi):
    clash_in_french(ssi)
    with pytest.raises(ValidationError) as refused:
        publish(ssi)
    assert "«\u00a0Ministère de l’intérieur\u00a0»" in " ".join(refused.value.messages)
    # Visitors keep the page as it was published.
    assert page_links(client.get(PAGES["fr"]).content.decode())[0][0] == "Ministère de l’intérieur français"


def test_the_publish_command_says_why_a_page_is_not_published(ssi):
    clash_in_french(ssi)
    with pytest.raises(CommandError, match="Ministère de l’intérieur"):
        call_command("publish", BELGRADE, stdout=io.StringIO())


def test_a_label_left_to_fall_back_on_the_source_clashes_where_visitors_read_it(client, ssi):
    """English links left untranslated show the French labels: one French label for both is refused in English too."""
    clash_in_french(ssi)
    Link.objects.filter(service=ssi).update(label_en="")
    with pytest.raises(ValidationError) as refused:
        publish(ssi)
    # French, and English which shows it; not Serbian, whose labels differ.
    assert [message.split("\u00a0:")[0] for message in refused.value.messages] == ["Français", "Anglais"]
