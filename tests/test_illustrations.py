"""Illustrations uploaded through the real admin form, and what visitors get of them."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reversion.models import Version

from security_service.management.commands.backup import storage_files
from security_service.models import Mission, Service
from security_service.publishing import delete, publish, restore

from .admin_forms import change_form
from .html import visible_text
from .test_public_page import PAGES


def jpeg(size=(1200, 800), exif=None):
    output = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(output, format="JPEG", **({"exif": exif} if exif else {}))
    return output.getvalue()


def post_with_image(client, service, upload, **fields):
    url, data = change_form(client, service)
    data.update({"image_alt_fr": "La façade de l’ambassade", "image_alt_en": "The embassy's front", **fields, "_publish": "1"})
    return client.post(url, {**data, "image": upload})


def test_a_valid_jpeg_is_shown_with_its_alt_text_and_renditions(editor_client, client, ssi):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (44.0, 48.0, 0.0)}  # GPS position
    response = post_with_image(editor_client, ssi, SimpleUploadedFile("facade.jpg", jpeg(exif=exif.tobytes()), "image/jpeg"))
    assert response.status_code == 302, visible_text(response.content.decode())[-2000:]
    service = Service.objects.get(pk=ssi.pk)
    assert service.image.name.startswith("illustrations/") and "facade" not in service.image.name
    with default_storage.open(service.image.name) as stored:
        assert not Image.open(stored).getexif()
    assert [width for _name, width in service.image_renditions["webp"]] == [480, 960, 1200]

    html = client.get(PAGES["en"]).content.decode()
    assert 'alt="The embassy&#x27;s front"' in html
    assert 'type="image/webp" srcset="/media/illustrations/' in html and "480w" in html
    html = client.get(PAGES["sr-latn"]).content.decode()
    assert 'alt="La façade de l’ambassade" lang="fr"' in html


def test_a_text_file_named_jpg_is_refused_with_a_clear_message(editor_client, ssi):
    response = post_with_image(editor_client, ssi, SimpleUploadedFile("photo.jpg", b"not an image at all", "image/jpeg"))
    assert response.status_code == 200
    assert "Ce fichier n’est pas une image, quel que soit son nom." in visible_text(response.content.decode())
    assert not Service.objects.get(pk=ssi.pk).image


def test_an_oversized_image_is_refused(editor_client, ssi, settings):
    settings.IMAGE_MAX_BYTES = 10_000
    response = post_with_image(editor_client, ssi, SimpleUploadedFile("big.jpg", jpeg(size=(2000, 2000)), "image/jpeg"))
    assert response.status_code == 200
    assert "trop" in visible_text(response.content.decode())
    assert not Service.objects.get(pk=ssi.pk).image


def test_an_image_needs_its_alternative_text(editor_client, ssi):
    url, data = change_form(editor_client, ssi)
    response = editor_client.post(url, {**data, "image": SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg")})
    assert response.status_code == 200
    assert "Décrivez l’illustration" in visible_text(response.content.decode())


def test_a_mission_carries_an_illustration(ssi, client):
    mission = Mission.objects.get(service=ssi)
    mission.image = SimpleUploadedFile("m.png", jpeg(size=(600, 400)), "image/jpeg")
    mission.image_alt_fr = "Une réunion de travail"
    mission.full_clean()
    mission.save()
    publish(ssi)
    html = client.get(PAGES["fr"]).content.decode()
    assert 'alt="Une réunion de travail"' in html and 'width="600" height="400"' in html


def stored_files():
    return set(storage_files(default_storage)) if default_storage.exists("") else set()


def test_replaced_and_deleted_images_leave_storage_once_no_page_shows_them(ssi, django_capture_on_commit_callbacks):
    def give_mission_an_image(name):
        mission = Mission.objects.get(service=ssi)
        mission.image = SimpleUploadedFile(name, jpeg(size=(600, 400)), "image/jpeg")
        mission.image_alt_fr = "Une réunion de travail"
        with django_capture_on_commit_callbacks(execute=True):
            mission.save()
        return stored_files()

    first = give_mission_an_image("first.jpg")
    assert len(first) == 5  # the original and its WebP and JPEG renditions, 480 and 600 pixels wide
    publish(ssi)
    second = give_mission_an_image("second.jpg") - first
    assert first <= stored_files()  # the public page still shows the first image
    with django_capture_on_commit_callbacks(execute=True):
        publish(ssi)
    assert stored_files() == second  # once the page shows the second, the first goes, renditions and all
    with django_capture_on_commit_callbacks(execute=True):
        Service.objects.get(pk=ssi.pk).delete()
    assert stored_files() == set()


def test_an_image_stays_in_storage_while_a_version_shows_it(ssi, editor, django_capture_on_commit_callbacks):
    """A deleted page, or a replaced image, comes back with its image when an editor recovers or restores the version."""
    ssi.image = SimpleUploadedFile("facade.jpg", jpeg(), "image/jpeg")
    ssi.image_alt_fr = "La façade"
    with django_capture_on_commit_callbacks(execute=True):
        ssi.save()
        publish(ssi)
    shown = stored_files()
    assert len(shown) == 7  # the original, and its renditions 480, 800 and 1200 pixels wide in WebP and JPEG
    with django_capture_on_commit_callbacks(execute=True):
        delete(ssi, editor)
    assert stored_files() == shown

    with django_capture_on_commit_callbacks(execute=True):
        restore(Version.objects.get_deleted(Service).get(), editor)
    recovered = Service.objects.get(pk=ssi.pk)
    assert recovered.image.name in shown and default_storage.exists(recovered.image.name)
    assert recovered.image_renditions == ssi.image_renditions


def test_an_upload_over_the_pixels_kept_is_stored_scaled_down_and_shown_at_that_size(editor_client, client, ssi, settings):
    settings.IMAGE_KEPT_PIXELS = 600_000
    response = post_with_image(editor_client, ssi, SimpleUploadedFile("wide.jpg", jpeg(size=(2000, 1200)), "image/jpeg"))
    assert response.status_code == 302, visible_text(response.content.decode())[-2000:]
    service = Service.objects.get(pk=ssi.pk)
    with default_storage.open(service.image.name) as stored:
        assert Image.open(stored).size == (1000, 600)
    assert (service.image_renditions["width"], service.image_renditions["height"]) == (1000, 600)
    assert [width for _name, width in service.image_renditions["fallback"]] == [480, 960, 1000]
    assert 'width="1000" height="600"' in client.get(PAGES["fr"]).content.decode()


def test_the_form_shows_the_current_image_as_a_picture_that_can_be_removed(editor_client, ssi):
    response = post_with_image(editor_client, ssi, SimpleUploadedFile("facade.jpg", jpeg(), "image/jpeg"))
    assert response.status_code == 302
    service = Service.objects.get(pk=ssi.pk)
    smallest = service.image_renditions["fallback"][0][0]
    html = editor_client.get(f"/admin/security_service/service/{ssi.pk}/change/").content.decode()
    assert f'src="/media/{smallest}" alt="L’image actuelle" class="illustration-thumbnail"' in html
    assert 'name="image-clear"' in html and '<label for="id_image">' in html

    url, data = change_form(editor_client, service)
    assert editor_client.post(url, {**data, "image-clear": "on"}).status_code == 302
    service.refresh_from_db()
    assert not service.image and service.image_renditions == {}


def test_after_a_refused_save_the_editor_is_told_to_choose_the_image_again(editor_client, ssi):
    url, data = change_form(editor_client, ssi)
    upload = SimpleUploadedFile("facade.jpg", jpeg(), "image/jpeg")
    response = editor_client.post(url, {**data, "acronym": "X" * 300, "image_alt_fr": "La façade", "image": upload})
    assert response.status_code == 200
    assert "choisissez à nouveau vos fichiers" in visible_text(response.content.decode())
