import pytest

from security_service.catalogues import compile_po, po_files, problems

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
