import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from security_service.catalogues import compile_po, cyrillic_catalogue, po_files, problems
from security_service.models import AccessibilityStatement, AuditEvent

SHIPPED = ("fr", "sr_Latn", "sr", "en")


def test_every_shipped_language_has_a_catalogue():
    assert {path.parts[-3] for path in po_files()} >= set(SHIPPED)


@pytest.mark.parametrize("path", po_files(), ids=lambda path: path.parts[-3])
def test_catalogue_is_complete_and_compiled(path):
    assert problems(path) == []


def test_a_stale_mo_is_caught(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Back to top"\nmsgstr "Haut de page"\n')
    assert problems(po) == ["no compiled .mo"]
    compile_po(po)
    assert problems(po) == []
    po.write_text(
        po.read_text().replace("Haut de page", "Retour en haut") + '\nmsgid "Phone:"\nmsgstr ""\n#, fuzzy\nmsgid "Fax:"\nmsgstr "Fax"\n'
    )
    assert problems(po) == [
        "untranslated: 'Phone:'",
        "fuzzy: 'Fax:'",
        "the .mo is out of date: run `make messages` or `manage.py compile_catalogues`",
    ]


# Short strings that read two ways out of context: each carries a msgctxt (pgettext) or a "Translators:" comment.
AMBIGUOUS = (
    # accessibility: an adjective agreeing with the site, with "accessibility", or standing alone
    "fully compliant",
    "partially compliant",
    "not compliant",
    # one English word, two meanings in the admin
    "title",
    "published",
    "unpublished",
    "deleted",
    "Deleted",
    "added",
    "order",
    "as shown",
    "number",
    "label",
    "address",
    "site",
    "published by",
    "published on",
    "Change",
    "change",
    "View",
    "Before",
    "older",
    "newer",
    "Deleted on",
    "to review",
    "%(count)s to review",
    "%(count)s missing",
    "translated",
    "written in",
    "written in it",
    "Delete?",
    "Published",
    "Unpublished",
    "Draft",
    "text",
    "contact",
    "notice",
    "kind",
    "heading",
    "name",
    "role",
    "when",
    "event",
    "detail",
    "note",
    "group",
    "document",
    "Page",
    "Field",
    "Import",
    "Compare",
    "Restore",
    "Recover",
    "Remove",
    "Translation",
    "Embassy",
    "Footer",
    "Accessibility",
)


@pytest.mark.parametrize("path", po_files(), ids=lambda path: path.parts[-3])
def test_every_entry_says_where_it_is_used(path):
    po = polib.pofile(str(path))
    assert [entry.msgid for entry in po if not entry.occurrences] == []
    files = {file for entry in po for file, _line in entry.occurrences}
    assert [file for file in files if not (settings.BASE_DIR / file).is_file()] == []


@pytest.mark.parametrize("path", po_files(), ids=lambda path: path.parts[-3])
def test_ambiguous_short_strings_carry_a_context_or_a_translators_comment(path):
    po = polib.pofile(str(path))
    assert sorted({entry.msgid for entry in po} & set(AMBIGUOUS)) == sorted(AMBIGUOUS)  # each still in use
    unexplained = {entry.msgid for entry in po if entry.msgid in AMBIGUOUS and not entry.msgctxt and "Translators:" not in entry.comment}
    assert sorted(unexplained) == []


def test_one_english_word_used_two_ways_is_translated_two_ways():
    """'deleted' in the audit trail (who did what) and in the version comparison (what became of a part)."""
    with translation.override("fr"):
        assert str(AuditEvent.Kind.DELETE.label) == "a supprimé"
        assert translation.pgettext("version comparison: what happened to a part of the page", "deleted") == "suppression"
    with translation.override("sr-latn"):
        assert str(AccessibilityStatement.Status.NON_COMPLIANT.footer_label) == "Pristupačnost: nije usklađena"
        assert str(AccessibilityStatement.Status.NON_COMPLIANT.statement_label) == "nije usklađen"
        assert str(AccessibilityStatement.Status.PARTIAL.statement_label) == "je delimično usklađen"


def test_the_cyrillic_catalogue_keeps_the_latin_ones_references_and_comments():
    latin = polib.POFile()
    latin.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "sr_Latn"}
    latin.append(
        polib.POEntry(
            msgctxt="footer link to the accessibility statement",
            msgid="Accessibility: not compliant",
            msgstr="Pristupačnost: nije usklađena",
            occurrences=[("security_service/models/site.py", "")],
            comment="Translators: the whole footer link.",
            tcomment="checked by the embassy",
        )
    )
    cyrillic, _path = cyrillic_catalogue(latin)
    entry = cyrillic.find("Accessibility: not compliant", msgctxt="footer link to the accessibility statement")
    assert entry.msgstr == "Приступачност: није усклађена"
    assert entry.occurrences == [("security_service/models/site.py", "")]
    assert (entry.comment, entry.tcomment) == ("Translators: the whole footer link.", "checked by the embassy")
    assert "#: security_service/models/site.py\n" in str(cyrillic) and "#. Translators: the whole footer link.\n" in str(cyrillic)


def test_french_messages_keep_a_no_break_space_before_double_punctuation_and_inside_guillemets():
    po = polib.pofile(str(next(path for path in po_files() if path.parts[-3] == "fr")))
    texts = [text for entry in po for text in (entry.msgstr, *entry.msgstr_plural.values())]
    assert [text for text in texts if re.search(r" [:;!?»]|«[^\u00a0\u202f]|[^\u00a0\u202f]»", text)] == []
