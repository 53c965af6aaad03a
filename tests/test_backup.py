import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from reversion.models import Version

from security_service.models import Mission, Publication, Service
from security_service.publishing import publish

from .test_illustrations import jpeg
from .test_load_content import snapshot
from .test_public_page import PAGES


@pytest.mark.django_db(transaction=True)  # `flush` cannot run inside the test's transaction on PostgreSQL
def test_backup_and_restore_bring_back_every_service_translation_version_and_image(client, ssi, tmp_path, editor):
    mission = Mission.objects.get(service=ssi)
    mission.image = SimpleUploadedFile("m.jpg", jpeg(size=(600, 400)), "image/jpeg")
    mission.image_alt_fr = "Une réunion"
    mission.save()
    publish(ssi)
    before = snapshot()
    versions = Version.objects.count()
    images = [mission.image.name, *(name for name, _width in mission.image_renditions["webp"])]
    page = client.get(PAGES["sr"]).content

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for name in images:
        default_storage.delete(name)
    assert not Service.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    assert Version.objects.count() == versions
    assert all(default_storage.exists(name) for name in images)
    assert Publication.objects.get().is_live
    assert client.get(PAGES["sr"]).content == page
    assert "Une réunion" in client.get(PAGES["fr"]).content.decode()
    assert client.post("/admin/login/", {"username": "editor", "password": "a-long-editor-password-1"}).status_code == 302


def test_restore_refuses_a_database_that_holds_services(ssi, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    try:
        call_command("restore", str(archive), stdout=io.StringIO())
    except Exception as exc:  # noqa: BLE001
        assert "already holds services" in str(exc)
    else:
        raise AssertionError("restore wrote over existing content")
    assert Service.objects.get().name_fr == "Service de sécurité intérieure"
