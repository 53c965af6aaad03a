"""The accessibility statement as first written gave the French address of the Défenseur des droits unmarked in its
translations, and the Cyrillic page transliterated it ("Дéфенсеур дес дроитс"): mark it as French, [..]{lang=fr}.

Only the text as the site first wrote it is changed (staff may have rewritten it since); going back takes the marks out.
"""

import re

from django.conf import settings
from django.db import migrations
from django.utils import timezone

ADDRESS = "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"
NAME = "Défenseur des droits"
# The unmarked address, and the name alone in brackets, as the statement's translations have them.
UNMARKED = re.compile(rf"(?<!\[)({re.escape(ADDRESS)})(?!\]\{{)|\(({re.escape(NAME)})\)")
MARKED = re.compile(rf"\[({re.escape(ADDRESS)}|{re.escape(NAME)})\]\{{lang=fr\}}")


def _columns():
    return [f"body_{code.replace('-', '_')}" for code in settings.MODELTRANSLATION_LANGUAGES if code != "fr"]


def _mark(match):
    return f"[{match.group(1)}]{{lang=fr}}" if match.group(1) else f"([{match.group(2)}]{{lang=fr}})"


def _rewrite(apps, pattern, replacement):
    for statement in apps.get_model("security_service", "AccessibilityStatement").objects.all():
        texts = {column: getattr(statement, column) for column in _columns() if getattr(statement, column)}  # null: none yet
        changes = {column: pattern.sub(replacement, text) for column, text in texts.items()}
        changes = {column: text for column, text in changes.items() if text != texts[column]}
        if changes:  # a new time of change: pages that show the statement are not served from the cache as they were
            type(statement).objects.filter(pk=statement.pk).update(**changes, updated_at=timezone.now())


def mark_french(apps, schema_editor):
    _rewrite(apps, UNMARKED, _mark)


def unmark_french(apps, schema_editor):
    _rewrite(apps, MARKED, r"\1")


class Migration(migrations.Migration):
    dependencies = [("security_service", "0011_publication_date_without_time")]

    operations = [migrations.RunPython(mark_french, unmark_french)]
