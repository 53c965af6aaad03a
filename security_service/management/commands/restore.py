import json
import tarfile
import tempfile
import zlib
from collections import Counter
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from security_service import page_cache, roles, site_domain
from security_service.management.files import open_file, reason, refuse_empty, shown
from security_service.models import Publication, Service

# The members of a backup besides its media files (media/NAME).
MEMBERS = ("manifest.json", "data.json")
# What reading a .tar.gz that is not one, or was cut short, raises.
UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error)


def error_text(error):
    """What an error and the errors that caused it say, without loaddata's "Problem installing fixture '/tmp/…':"."""
    texts = []
    while error is not None:
        text = str(error).split("': ", 1)[-1] if str(error).startswith("Problem installing fixture") else str(error)
        if text and not any(text in other for other in texts):
            texts.append(text)
        error = error.__cause__  # what it was raised from: the JSON error of a DeserializationError, the driver's of an IntegrityError
    return shown(": ".join(texts) or _("unknown error"), limit=500)


def media_name(name):
    """Whether `name`, a media file's name in a backup's manifest, is one a storage holds under its folder: relative,
    without .. or empty parts, without control characters."""
    if not isinstance(name, str) or not name or not name.isprintable() or "\\" in name:
        return False
    parts = name.split("/")
    return not PurePosixPath(name).is_absolute() and all(part not in ("", ".", "..") for part in parts)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a migrated, empty database, with its media files. The whole "
        "archive is checked first (a file that is not such a backup, or cut short, is refused and nothing changes); "
        "the database is loaded in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup, a .tar.gz file written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "restore into a database that already holds services: each row of the backup replaces the row of the same "
                "id; rows the backup does not have are kept, except the groups, all replaced by the backup's; media files "
                "of the backup replace those of the same name, others are kept. A row of the backup that collides with a "
                "row kept (the same username under another id) refuses the whole restore. For an exact copy, restore into "
                "an empty database instead."
            ),
        )

    def handle(self, *args, file, force, **options):
        if Service.objects.exists() and not force:
            raise CommandError(_("The database already holds services: restore into an empty database (or use --force, see --help)."))
        with open_file(file) as handle:
            refuse_empty(handle, file)
            try:
                archive = tarfile.open(fileobj=handle, mode="r:gz")  # noqa: SIM115 - closed by the with block below
            except UNREADABLE as error:
                raise self.not_a_backup(file, error_text(error)) from None
            with archive, tempfile.TemporaryDirectory() as tmp:
                manifest, data = self.check(archive, file)
                fixture = Path(tmp) / "data.json"
                fixture.write_bytes(data)
                self.load(archive, file, fixture, manifest["media"])
        # Pages cached before the restoration, under the same publication ids, are not shown again.
        page_cache.forget(*(f"service:{pk}" for pk in Publication.objects.values_list("pk", flat=True)))
        self.stdout.write(f"restored {file}: database and {len(manifest['media'])} media files (backup of {manifest['created']})")

    @staticmethod
    def not_a_backup(file, why, **values):
        """The refusal of `file`: `why` (with its `values`) it is not a backup."""
        why = why % values if values else why
        refusal = _("%(path)s is not a backup made by `manage.py backup`: %(reason)s. Nothing was changed.")
        return CommandError(refusal % {"path": file, "reason": why})

    def check(self, archive, file):
        """(the manifest, the bytes of data.json) of a backup whose every member was read to its end (a file cut short
        is refused before anything changes) and is what `backup` writes: data.json, manifest.json and the media files
        the manifest lists, each a plain file under a name that stays within the media folder."""
        try:
            members = archive.getmembers()
            # Media files are read through and let go (they are read again to be written): the others are kept.
            contents = {member.name: self.read(archive, member, file, keep=member.name in MEMBERS) for member in members}
        except UNREADABLE as error:
            raise self.not_a_backup(file, _("it cannot be read to its end (%(reason)s)"), reason=error_text(error)) from None
        names = [member.name for member in members]
        for name in MEMBERS:
            if name not in contents:
                raise self.not_a_backup(file, _("it has no %(member)s"), member=name)
        duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
        if duplicates:
            raise self.not_a_backup(file, _("it holds %(member)s twice"), member=shown(duplicates[0]))
        manifest = self.manifest(contents["manifest.json"], file)
        expected = {"manifest.json", "data.json", *(f"media/{name}" for name in manifest["media"])}
        for name in names:
            if name not in expected:
                raise self.not_a_backup(file, _("%(member)s is not a file of the backup's manifest"), member=shown(name))
        for name in sorted(expected - set(names)):
            raise self.not_a_backup(file, _("%(member)s, listed in its manifest, is missing"), member=shown(name))
        data = contents["data.json"]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self.not_a_backup(file, _("its data.json is not UTF-8 text (byte %(position)s)"), position=error.start + 1) from None
        return manifest, data

    def read(self, archive, member, file, keep):
        """The bytes of a member that is a plain file (None unless `keep`), read to its end: a link (which would read
        another member, or nothing), a device or a folder is refused."""
        if not member.isreg():
            raise self.not_a_backup(file, _("%(member)s is not a plain file (a link, a folder or a device)"), member=shown(member.name))
        content = archive.extractfile(member)
        if keep:
            return content.read()
        while content.read(1024 * 1024):
            pass
        return None

    def manifest(self, content, file):
        try:
            manifest = json.loads(content)
        except (ValueError, RecursionError) as error:
            raise self.not_a_backup(file, _("its manifest.json is not JSON (%(reason)s)"), reason=error_text(error)) from None
        if (
            not isinstance(manifest, dict)
            or not isinstance(manifest.get("created"), str)
            or not isinstance(manifest.get("media"), list)
            or not all(isinstance(name, str) for name in manifest["media"])
        ):
            raise self.not_a_backup(file, _("its manifest.json does not list the media files and the backup's date"))
        for name in manifest["media"]:
            if not media_name(name):
                why = _("its manifest.json names a media file outside the media folder: %(name)s")
                raise self.not_a_backup(file, why, name=shown(name))
        return manifest

    def load(self, archive, file, fixture, media):
        # Content types were made by this database's `migrate`: read them afresh to resolve the backup's natural keys.
        ContentType.objects.clear_cache()
        written = 0
        try:
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                # The groups `migrate` made come back from the backup under their own ids, which here may be other groups'.
                Group.objects.all().delete()
                call_command("loaddata", str(fixture), verbosity=0)
                # loaddata checks the references of the tables of the models it loaded, not of many-to-many tables
                # (SQLite checks those at the commit, after the media files): every table, before anything else.
                connections[DEFAULT_DB_ALIAS].check_constraints()
                # What `migrate` does after: the groups of languages the backup's site lacked, each group's permissions as
                # the code gives them, and the site named by this server's SITE_URL.
                roles.sync_groups()
                site_domain.sync_site()
                # In the transaction: media files that cannot be written leave the database as it was.
                for name in media:
                    content = archive.extractfile(f"media/{name}").read()
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    default_storage.save(name, ContentFile(content))
                    written += 1
        except (DeserializationError, DatabaseError) as error:
            ContentType.objects.clear_cache()
            why = _("%(path)s: its data.json cannot be loaded: %(reason)s. Nothing was changed.")
            raise CommandError(why % {"path": file, "reason": error_text(error)}) from None
        except OSError as error:
            ContentType.objects.clear_cache()
            why = _("%(path)s: the media files cannot be written (%(reason)s): the database is as it was, %(count)s media files written.")
            raise CommandError(why % {"path": file, "reason": reason(error), "count": written}) from None
