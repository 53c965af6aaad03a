import datetime
import io
import json

from django.core import serializers
from django.core.management import call_command
from django.utils import translation
from reversion.models import Version

from security_service.models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Publication, Service, StaffRole

from .factories import text_section

MODELS = (Directorate, Service, StaffRole, Mission, LinkGroup, Link, ContactPoint, PhoneNumber, Publication, Version)


def snapshot():
    """Every row of the content, every column (each language's), comparable across content type ids and JSON dumps."""
    with translation.override("fr"):  # the untranslated column reads in the active language
        rows = {
            model.__name__: json.loads(serializers.serialize("json", model.objects.order_by("pk")))
            for model in MODELS
            if model is not Version
        }
    rows["Version"] = [
        (v.revision_id, v.content_type.natural_key(), v.object_id, v.serialized_data) for v in Version.objects.order_by("pk")
    ]
    return rows


def test_loading_twice_changes_nothing(ssi):
    before = snapshot()
    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert "already exists, left as it is" in out.getvalue()
    assert snapshot() == before


def test_loading_again_keeps_what_staff_changed(ssi):
    intro = text_section(ssi)
    intro.body_en = "Changed by staff."
    intro.save()
    ssi.missions.get().delete()
    call_command("load_content", stdout=io.StringIO())
    service = Service.objects.get(pk=ssi.pk)
    assert text_section(service).body_en == "Changed by staff."
    assert not service.missions.exists()
    assert Service.objects.count() == 1


def test_loaded_content_is_complete_and_dated_5_june_2020(ssi):
    assert ssi.publication.is_live
    # The file gives a day: the publication has that day and no time (it was given 12:00, which the admin showed).
    assert (ssi.publication.modified_on, ssi.publication.last_modified) == (datetime.date(2020, 6, 5), None)
    assert (ssi.roles.count(), ssi.missions.count(), ssi.link_groups.count(), ssi.links.count()) == (3, 1, 2, 2)
    phone = ssi.phone_numbers.get()
    assert (phone.e164, phone.shown) == ("+381113023569", "011/302 35 69")
    assert list(ssi.sections.values_list("kind", flat=True)) == ["text", "roles", "missions", "directorate", "links", "contact"]
    texts = [
        (ssi, "name"),
        (ssi, "slug"),
        (ssi, "seo_description"),
        (text_section(ssi), "body"),
        (ssi.sections.get(kind="missions"), "heading"),
    ]
    for obj, field in texts:
        for lang in ("fr", "sr_latn", "en"):
            assert getattr(obj, f"{field}_{lang}"), f"{field}_{lang} is empty"
