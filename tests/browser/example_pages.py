"""Example service pages, invented for the tests, in the shapes DESIGN.md says other embassies' pages have.

Every name, address, number and text here is made up (no real official, no copied page). Each page is data that
`test_one_submission.fill_page` types into the admin's add form:

- "fields": the service's own fields, by form field name (``name_en``, ``source_language``…);
- "sections": the sections in page order, each its "fields" and, under the accessor of each kind of item it holds
  ("roles", "missions", "link_groups", "links", "contact_points", "phone_numbers", "pictures"), those items.

A field's value is typed as it is: a string is typed (or chosen, in a select: by value or by label), a boolean ticks
or unticks a checkbox, a list ticks those boxes of a multiple choice (``hidden_in``), an `Upload` is a file chosen.

"public" says what the published page shows in each language (its URL prefix): "headings", the page's headings
under its title, each (tag, text), in page order; "in_order", texts that follow one another on the page; "absent",
texts it does not show; "image_alts", the alternative texts of the images of its images sections; "documents", the
labels of links that download a document, with the format the page gives it. "not_served_in": the languages in
which the page has no address (it has no text in them).
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw


@dataclass(frozen=True)
class Upload:
    """A file an editor chooses in a file input."""

    name: str
    mime_type: str
    data: bytes

    def as_payload(self):
        return {"name": self.name, "mimeType": self.mime_type, "buffer": self.data}


def photo(colour, size=(320, 240)):
    """A small JPEG with shapes (wide enough for the image checks), made here rather than stored."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, 0, width // 2, height), fill=colour)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill="navy")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return output.getvalue()


# The smallest document a PDF reader opens: one empty page.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# 1. A defence section written in English only: contact first, headings numbered "1/", "2/", staff as head-counts,
# a role with no description, an apostrophe typed as U+00B4 (shown as typed).
DEFENCE_IN_ENGLISH = {
    "id": "defence-in-english",
    "fields": {
        "source_language": "en",
        "name_en": "Defence Attaché Office",
        "acronym": "DAO",
        "slug_en": "defence-attache-office",
    },
    "sections": [
        {
            "fields": {"kind": "contact", "heading_en": "1/ Contact"},
            "contact_points": [
                {
                    "fields": {
                        "organisation_en": "Embassy of France",
                        "street_en": "Example Street 7",
                        "postal_code": "11 000",
                        "city_en": "Belgrade",
                        "country_en": "Serbia",
                        "country_code": "RS",
                        "email": "defence.office@example.org",
                    },
                    "phone_numbers": [{"fields": {"number": "+381 11 765 4321", "note_en": "office"}}],
                }
            ],
        },
        {
            "fields": {"kind": "roles", "heading_en": "2/ Who we are"},
            "roles": [
                {
                    "fields": {
                        "title_en": "Defence attaché",
                        "abbreviation_en": "DA",
                        "held_by_en": "a colonel",
                        "description_en": "Advises the ambassador on defence matters and represents the French armed forces.",
                        "is_head": True,
                    }
                },
                {
                    "fields": {
                        "title_en": "Deputy defence attachés",
                        "held_by_en": "two majors",
                        "description_en": "They follow military cooperation and the attaché´s programme of visits.",
                    }
                },
                {"fields": {"title_en": "Office assistant"}},
            ],
        },
        {
            "fields": {
                "kind": "text",
                "heading_en": "3/ Cooperation",
                "body_en": "We organise with the host country's armed forces:\n\n- staff exchanges\n- joint exercises",
            },
        },
    ],
    "public": {
        "en": {
            "headings": [
                ("h2", "1/ Contact"),
                ("h2", "2/ Who we are"),
                ("h3", "Defence attaché (DA)"),
                ("h3", "Deputy defence attachés"),
                ("h3", "Office assistant"),
                ("h2", "3/ Cooperation"),
            ],
            "in_order": [
                "1/ Contact",
                "Embassy of France",
                "Example Street 7",
                "11 000 Belgrade",
                "+381 11 765 4321",  # read abroad: the international form, as typed
                "defence.office@example.org",
                "2/ Who we are",
                "Defence attaché",
                "a colonel",
                "Advises the ambassador on defence matters",
                "Deputy defence attachés",
                "two majors",
                "the attaché´s programme of visits",
                "Office assistant",
                "3/ Cooperation",
                "staff exchanges",
                "joint exercises",
            ],
            "absent": ["Ambassade"],
        },
    },
    # Written in English only: no page in the other languages.
    "not_served_in": ["fr", "sr-latn", "sr"],
}

# 2. A consular section in French: a "do not contact us directly" notice first, contact points with opening hours per
# unit, a fax, a contact that is only a link; missions with a lead-in before the roles; links without a group heading.
# The English translation leaves the French notice out (hidden_in) and carries a notice of its own.
CONSULAR_IN_FRENCH = {
    "id": "consular-in-french",
    "fields": {
        "name_fr": "Section consulaire",
        "name_en": "Consular section",
        "slug_fr": "section-consulaire-exemple",
        "slug_en": "consular-section-example",
    },
    "sections": [
        {
            "fields": {
                "kind": "notice",
                "body_fr": "Merci de ne pas appeler ni écrire directement aux agents : passez par le formulaire de contact.",
                "hidden_in": ["en"],
            }
        },
        {
            "fields": {
                "kind": "notice",
                "body_en": "The English pages are a summary: the French page is the reference for every procedure.",
            }
        },
        {
            "fields": {"kind": "contact", "heading_fr": "Nous joindre"},
            "contact_points": [
                {
                    "fields": {
                        "label_fr": "Accueil du public (passeports et cartes d’identité)",
                        "organisation_fr": "Ambassade de France, section consulaire",
                        "street_fr": "Rue de l’Exemple 12",
                        "postal_code": "11 000",
                        "city_fr": "Belgrade",
                        "country_fr": "Serbie",
                        "country_code": "RS",
                        "fax": "+381 11 765 4329",
                        "opening_hours_fr": "Du lundi au vendredi, de 9 h à 12 h, sur rendez-vous.",
                    },
                    "phone_numbers": [{"fields": {"number": "+381 11 765 4322", "note_fr": "accueil"}}],
                },
                {
                    "fields": {
                        "label_fr": "État civil et nationalité",
                        "email": "etat-civil@example.org",
                        "opening_hours_fr": "Le mardi et le jeudi, de 14 h à 16 h.",
                    },
                    "phone_numbers": [{"fields": {"number": "+381 11 765 4323"}}],
                },
                {"fields": {"label_fr": "Écrire à la section par le formulaire en ligne", "url": "https://www.example.org/contact"}},
            ],
        },
        {
            "fields": {
                "kind": "missions",
                "heading_fr": "Ce que fait la section",
                "body_fr": "La section consulaire accompagne les Français établis dans le pays et ceux qui y voyagent.",
            },
            "missions": [
                {
                    "fields": {
                        "heading_fr": "Administration des Français",
                        "body_fr": "- inscription au registre des Français établis hors de France\n- passeports et cartes d’identité",
                    }
                },
                {"fields": {"body_fr": "Elle organise les élections pour les Français du pays."}},
            ],
        },
        {
            "fields": {"kind": "roles", "heading_fr": "L’équipe"},
            "roles": [
                {"fields": {"title_fr": "Le chef de la section consulaire", "is_head": True}},
                {"fields": {"title_fr": "Les agents d’accueil", "held_by_fr": "quatre agents"}},
            ],
        },
        {
            "fields": {"kind": "links", "heading_fr": "Liens utiles"},
            "link_groups": [
                {
                    "fields": {},
                    "links": [
                        {"fields": {"label_fr": "Service-Public.fr", "url": "https://www.service-public.fr/"}},
                        {"fields": {"label_fr": "Prendre rendez-vous", "url": "https://www.example.org/rendez-vous"}},
                    ],
                }
            ],
        },
    ],
    "public": {
        "fr": {
            "headings": [
                ("h2", "Nous joindre"),
                ("h3", "Accueil du public (passeports et cartes d’identité)"),
                ("h3", "État civil et nationalité"),
                ("h2", "Ce que fait la section"),
                ("h3", "Administration des Français"),
                ("h2", "L’équipe"),
                ("h3", "Le chef de la section consulaire"),
                ("h3", "Les agents d’accueil"),
                ("h2", "Liens utiles"),
            ],
            "in_order": [
                "Merci de ne pas appeler ni écrire directement aux agents",
                "Nous joindre",
                "Accueil du public",
                "Rue de l’Exemple 12",
                "+381 11 765 4322",  # read abroad (from France): the international form
                "+381 11 765 4329",
                "Du lundi au vendredi, de 9 h à 12 h, sur rendez-vous.",
                "État civil et nationalité",
                "+381 11 765 4323",
                "etat-civil@example.org",
                "Le mardi et le jeudi, de 14 h à 16 h.",
                "Écrire à la section par le formulaire en ligne",
                "Ce que fait la section",
                "La section consulaire accompagne les Français",
                "Administration des Français",
                "inscription au registre",
                "Elle organise les élections",
                "L’équipe",
                "Le chef de la section consulaire",
                "Les agents d’accueil",
                "quatre agents",
                "Liens utiles",
                "Service-Public.fr",
                "Prendre rendez-vous",
            ],
            "absent": ["The English pages are a summary"],
        },
        "en": {
            "in_order": [
                "Consular section",
                "The English pages are a summary",
                "Nous joindre",
                "Ce que fait la section",
                "L’équipe",
                "Liens utiles",
            ],
            "absent": ["Merci de ne pas appeler"],
        },
    },
}

# 3. A liaison magistrate, a one-person service written in Serbian (Latin script) with no French: legal references
# and sub-headings in its text, jurisdiction over several countries, a non-resident attaché reached in a third country.
MAGISTRATE_IN_SERBIAN = {
    "id": "magistrate-in-serbian",
    "fields": {
        "source_language": "sr-latn",
        "name_sr_latn": "Magistrat za vezu",
        "slug_sr_latn": "magistrat-za-vezu-primer",
    },
    "sections": [
        {
            "fields": {
                "kind": "text",
                "heading_sr_latn": "Predstavljanje",
                "body_sr_latn": (
                    "### Pravni osnov\n\n"
                    "Magistrat za vezu radi na osnovu člana 12 izmišljenog Sporazuma o pravosudnoj saradnji (2001) "
                    "i Evropske konvencije o uzajamnoj pomoći u krivičnim stvarima.\n\n"
                    "### Nadležnost\n\n"
                    "Nadležnost magistrata obuhvata Srbiju, Crnu Goru i Severnu Makedoniju."
                ),
            }
        },
        {
            "fields": {"kind": "roles", "heading_sr_latn": "Ko smo"},
            "roles": [
                {
                    "fields": {
                        "title_sr_latn": "Magistrat za vezu",
                        "description_sr_latn": "Jedna osoba, sudija upućen iz Ministarstva pravde Francuske.",
                        "is_head": True,
                    }
                }
            ],
        },
        {
            "fields": {"kind": "contact", "heading_sr_latn": "Kontakt"},
            "contact_points": [
                {
                    "fields": {
                        "label_sr_latn": "Kancelarija magistrata",
                        "organisation_sr_latn": "Ambasada Francuske",
                        "street_sr_latn": "Primer ulica 3",
                        "postal_code": "11 000",
                        "city_sr_latn": "Beograd",
                        "country_code": "RS",
                    },
                    "phone_numbers": [{"fields": {"number": "+381 11 765 4324"}}],
                },
                {
                    "fields": {
                        "label_sr_latn": "Ataše za unutrašnje poslove za Crnu Goru (nerezidentni)",
                        "organisation_sr_latn": "Ambasada Francuske u Hrvatskoj",
                        "street_sr_latn": "Primjer 5",
                        "postal_code": "10000",
                        "city_sr_latn": "Zagreb",
                        "country_sr_latn": "Hrvatska",
                        "country_code": "HR",
                    },
                    "phone_numbers": [{"fields": {"number": "+385 1 4567 890"}}],
                },
            ],
        },
    ],
    "public": {
        "sr-latn": {
            "headings": [
                ("h2", "Predstavljanje"),
                ("h3", "Pravni osnov"),
                ("h3", "Nadležnost"),
                ("h2", "Ko smo"),
                ("h3", "Magistrat za vezu"),
                ("h2", "Kontakt"),
                ("h3", "Kancelarija magistrata"),
                ("h3", "Ataše za unutrašnje poslove za Crnu Goru (nerezidentni)"),
            ],
            "in_order": [
                "Predstavljanje",
                "Pravni osnov",
                "člana 12 izmišljenog Sporazuma o pravosudnoj saradnji (2001)",
                "Nadležnost",
                "Srbiju, Crnu Goru i Severnu Makedoniju",
                "Ko smo",
                "Jedna osoba",
                "Kontakt",
                "Kancelarija magistrata",
                "Beograd",
                "011 7654324",
                "Ataše za unutrašnje poslove za Crnu Goru",
                "Ambasada Francuske u Hrvatskoj",
                "10000 Zagreb",
                "Hrvatska",
                "+385 1 4567 890",  # a Croatian number, dialled from Serbia
            ],
            "absent": ["###"],
        },
        # Cyrillic Serbian is the Latin text transliterated.
        "sr": {"in_order": ["Представљање", "Ко смо", "Контакт", "Загреб"]},
    },
    "not_served_in": ["fr", "en"],
}

# 4. An umbrella page in French: the directorate first, two images with one caption, a link to a PDF document.
UMBRELLA_IN_FRENCH = {
    "id": "umbrella-in-french",
    "fields": {
        "name_fr": "Attachés du ministère de l’Intérieur",
        "slug_fr": "attaches-interieur-exemple",
    },
    "sections": [
        {
            "fields": {
                "kind": "directorate",
                "heading_fr": "Notre direction",
                "directorate": "Direction de la coopération internationale (DCI)",
            }
        },
        {
            "fields": {
                "kind": "text",
                "body_fr": "Trois attachés, de la police, de la gendarmerie et de la sécurité civile, travaillent ensemble.",
            }
        },
        {
            "fields": {"kind": "images", "body_fr": "Exercice commun de sécurité civile, au printemps (photos de l’ambassade)."},
            "pictures": [
                {
                    "fields": {
                        "image": Upload("exercice-1.jpg", "image/jpeg", photo("red")),
                        "image_alt_fr": "Des pompiers déroulent une lance",
                    }
                },
                {
                    "fields": {
                        "image": Upload("exercice-2.jpg", "image/jpeg", photo("green")),
                        "image_alt_fr": "Un poste de commandement sous une tente",
                    }
                },
            ],
        },
        {
            "fields": {"kind": "links", "heading_fr": "Documents"},
            "link_groups": [
                {
                    "fields": {"heading_fr": "À télécharger"},
                    "links": [
                        {
                            "fields": {
                                "label_fr": "Rapport d’activité (exemple)",
                                "document": Upload("rapport-activite.pdf", "application/pdf", MINIMAL_PDF),
                            }
                        }
                    ],
                }
            ],
        },
    ],
    "public": {
        "fr": {
            "headings": [("h2", "Notre direction"), ("h2", "Documents"), ("h3", "À télécharger")],
            "in_order": [
                "Notre direction",
                "Créée le 1er septembre 2010",  # the DCI directorate the seed shares, as its text now reads
                "Trois attachés, de la police",
                "Exercice commun de sécurité civile",
                "Documents",
                "À télécharger",
                "Rapport d’activité (exemple)",
                "(PDF,",
            ],
            "image_alts": ["Des pompiers déroulent une lance", "Un poste de commandement sous une tente"],
            "documents": {"Rapport d’activité (exemple)": "PDF"},
        },
    },
}

EXAMPLE_PAGES = [DEFENCE_IN_ENGLISH, CONSULAR_IN_FRENCH, MAGISTRATE_IN_SERBIAN, UMBRELLA_IN_FRENCH]
