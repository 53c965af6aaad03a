import datetime
import io
import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import Deserializer  # noqa: F401 - this module is the backup's serialisation format
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from security_service.management.files import check_output, reason

# Made by `migrate` on any server, and found there by their natural keys: content types and permissions. Left out on
# purpose: sessions (everyone logs in again) and login throttling's records (a lockout does not outlive a restoration).
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "axes")
# Every row keeps its id (no --natural-primary): log entries and versions name their objects by id, and a user, group
# or site given a new one would lose what refers to it.
FORMAT = "backup-json"


class Serializer(JSONSerializer):
    """Django's JSON, with times to the microsecond (its encoder cuts them to the millisecond)."""

    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        return value.isoformat() if isinstance(value, datetime.datetime | datetime.time) else value


def storage_files(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from storage_files(storage, f"{folder}/{directory}" if folder else directory)


class Command(BaseCommand):
    help = (
        "Back up the database (every service, translation, publication, version, account, group, redirect, audit event "
        "and log entry, as portable JSON) and the uploaded media into one .tar.gz file; `manage.py restore FILE` brings "
        "it back on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the file to write (default: backup-<date>.tar.gz)")

    def handle(self, *args, output, **options):
        output = output or Path(f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        if output.exists() or output.is_symlink():
            raise CommandError(_("%(path)s exists: choose another name, a backup never overwrites another.") % {"path": output})
        check_output(output)  # before the dump, which takes a while
        serializers.register_serializer(FORMAT, __name__)
        data = io.StringIO()
        # The untranslated column of each translated field reads in the active language: the site's default, as `restore`.
        with translation.override(settings.LANGUAGE_CODE):
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--all",  # every row, whatever a model's default manager shows
                f"--format={FORMAT}",
                *(f"--exclude={name}" for name in EXCLUDED),
                stdout=data,
            )
        media = sorted(storage_files(default_storage)) if default_storage.exists("") else []
        try:
            file = output.open("xb")  # noqa: SIM115 - closed below; "x": never over a file made since the check
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(reason)s.") % {"path": output, "reason": reason(error)}) from None
        try:
            with file, tarfile.open(fileobj=file, mode="w:gz") as archive:
                self.add(archive, "data.json", data.getvalue().encode())
                self.add(archive, "manifest.json", json.dumps({"created": timezone.now().isoformat(), "media": media}).encode())
                for name in media:
                    self.add(archive, f"media/{name}", self.media_file(name))
        except BaseException as error:
            output.unlink(missing_ok=True)  # no half backup left to be taken for a whole one
            if isinstance(error, OSError):
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s. No backup was written.") % {"path": output, "reason": reason(error)}
                ) from None
            raise
        self.stdout.write(f"{output}: database and {len(media)} media files")

    @staticmethod
    def media_file(name):
        try:
            with default_storage.open(name) as file:
                return file.read()
        except OSError as error:
            raise CommandError(
                _("Cannot read the media file %(name)s: %(reason)s. No backup was written.") % {"name": name, "reason": reason(error)}
            ) from None

    @staticmethod
    def add(archive, name, content):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
