import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from security_service import page_cache, roles, site_domain
from security_service.models import Publication, Service


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into a migrated, empty database, with its media files."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="restore even if the database already holds services (the backup's rows replace theirs)"
        )

    def handle(self, *args, file, force, **options):
        if Service.objects.exists() and not force:
            raise CommandError("The database already holds services: restore into an empty database (or use --force).")
        try:
            archive = tarfile.open(file, "r:gz")  # noqa: SIM115 - closed by the with block below
        except (OSError, tarfile.TarError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        with archive, tempfile.TemporaryDirectory() as tmp:
            manifest = json.load(archive.extractfile("manifest.json"))
            data = Path(tmp) / "data.json"
            data.write_bytes(archive.extractfile("data.json").read())
            # Content types were made by this database's `migrate`: read them afresh to resolve the backup's natural keys.
            ContentType.objects.clear_cache()
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                # The groups `migrate` made come back from the backup under their own ids, which here may be other groups'.
                Group.objects.all().delete()
                call_command("loaddata", str(data), verbosity=0)
                # What `migrate` does after: the groups of languages the backup's site lacked, each group's permissions as
                # the code gives them, and the site named by this server's SITE_URL.
                roles.sync_groups()
                site_domain.sync_site()
            for name in manifest["media"]:
                member = archive.extractfile(f"media/{name}")
                if default_storage.exists(name):
                    default_storage.delete(name)
                default_storage.save(name, ContentFile(member.read()))
        # Pages cached before the restoration, under the same publication ids, are not shown again.
        page_cache.forget(*(f"service:{pk}" for pk in Publication.objects.values_list("pk", flat=True)))
        self.stdout.write(f"restored {file}: database and {len(manifest['media'])} media files (backup of {manifest['created']})")
