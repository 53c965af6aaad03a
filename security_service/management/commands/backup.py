import io
import json
import tarfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

# Rebuilt by `migrate` on any database: not part of a backup.
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "admin.logentry")


def storage_files(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from storage_files(storage, f"{folder}/{directory}" if folder else directory)


class Command(BaseCommand):
    help = (
        "Back up the database (every service, translation, publication, version and account, as portable JSON) and the "
        "uploaded media into one .tar.gz file; `manage.py restore FILE` brings it back on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the file to write (default: backup-<date>.tar.gz)")

    def handle(self, *args, output, **options):
        output = output or Path(f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        if output.exists():
            raise CommandError(f"{output} exists: choose another name, a backup never overwrites another.")
        data = io.StringIO()
        call_command("dumpdata", "--natural-foreign", "--natural-primary", *(f"--exclude={name}" for name in EXCLUDED), stdout=data)
        media = sorted(storage_files(default_storage)) if default_storage.exists("") else []
        with tarfile.open(output, "w:gz") as archive:
            self.add(archive, "data.json", data.getvalue().encode())
            self.add(archive, "manifest.json", json.dumps({"created": timezone.now().isoformat(), "media": media}).encode())
            for name in media:
                with default_storage.open(name) as file:
                    self.add(archive, f"media/{name}", file.read())
        self.stdout.write(f"{output}: database and {len(media)} media files")

    @staticmethod
    def add(archive, name, content):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
