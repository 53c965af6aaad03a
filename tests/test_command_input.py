"""Every management command of the app, given hostile input, answers with a clear error and changes nothing.

The commands are found at run time (`get_commands()`, those of `security_service`); each has its attacks below,
registered with `@attack(command, name)`, and every command also gets an unknown option. A command the sweep has no
attack of its own for fails `test_every_command_of_the_app_is_attacked`: a new command joins the sweep.

Each attack runs the real command with `call_command` (no mock), on the seed's database, within a deadline. It must
end in a `CommandError` (the parser's usage errors are one, through `call_command`) whose message names the problem
(the file, the member, the address, the option…), print no traceback, leave every table of the database as it was,
and leave the files around it as they were: no partial output, nothing written outside the media folder.

The number of attacks is the number of this module's parametrized cases of `test_hostile_input_is_refused`:
`pytest --collect-only -q -n 0 tests/test_command_input.py -k refused | grep -c ::` (`ATTACKS` holds them).
"""

import gzip
import io
import json
import os
import signal
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command, get_commands
from django.db import connection
from django.test import override_settings

from security_service.models import Service
from security_service.po_files import export_po

from .conftest import CONTENT_PATH

APP = "security_service"
BELGRADE = "service-de-securite-interieure"
# The longest an attack may take: every refusal here comes in well under a second.
DEADLINE_SECONDS = 10
LOCALE = Path(settings.LOCALE_PATHS[0])


def app_commands():
    """The names of the app's management commands, as Django finds them."""
    return sorted(name for name, app in get_commands().items() if app == APP)


@dataclass
class Case:
    """An attack's input: the command's arguments, what its message must name, and what to run it with."""

    args: list
    names: list  # texts the error message must contain (paths, members, addresses, options): any language's message names them
    settings: dict = field(default_factory=dict)  # settings to run the command with
    outside: list = field(default_factory=list)  # paths outside tmp_path an escaping file would land at


ATTACKS_OF = {}  # {command: {name: make(tmp_path) -> Case}}
REQUIRED = {}  # {command: the arguments it needs, so that its options are parsed}


def attack(command, name):
    def register(make):
        assert name not in ATTACKS_OF.setdefault(command, {}), f"{command}: two attacks named {name}"
        ATTACKS_OF[command][name] = make
        return make

    return register


# Files


def write(tmp, name, content):
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def fifo(tmp, name="pipe"):
    """A named pipe: opening it to read waits for a writer that never comes."""
    path = tmp / name
    os.mkfifo(path)
    return path


GARBAGE = bytes(range(256)) * 64  # every byte value: not UTF-8, not gzip, not text
DEEP = "x = " + "[" * 100_000  # nesting as deep as a parser that recurses cannot follow
PO_TEXT = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "security_service.service:1:name"\nmsgid "Service"\nmsgstr "Service"\n'
TOML_TEXT = CONTENT_PATH.read_text(encoding="utf-8")


def page(slug="une-page-hostile", extra=""):
    """A short page file: a new service (or, with the seed's address, the seed's)."""
    return (
        f'[service]\nname = {{fr = "Une page"}}\nslug = {{fr = "{slug}"}}\n\n[[sections]]\nkind = "text"\nbody = {{fr = "Texte."}}\n{extra}'
    )


def latin_1(text):
    return text.encode("latin-1")


def parser_attacks(command, *, required=()):
    """The usage errors of a command: an argument it does not take, a required argument left out (an unknown option:
    every command, in `ATTACKS`)."""

    REQUIRED[command] = list(required)

    @attack(command, "unexpected-argument")
    def unexpected(tmp):
        return Case([*required, "one-too-many", "and-another"], ["and-another"])

    if not required:
        return

    @attack(command, "missing-argument")
    def missing(tmp):
        return Case([], ["required"])


def unreadable_files(command, *, wrong_format=None, invalid_utf8=None, limit_setting=None, extra=()):
    """The files a reading command is attacked with: (`wrong_format` and `invalid_utf8`: (file name, content))."""

    @attack(command, "nonexistent-path")
    def nonexistent(tmp):
        path = tmp / "nowhere" / "file.txt"
        return Case([*extra, str(path)], [str(path)])

    @attack(command, "a-directory")
    def directory(tmp):
        (tmp / "folder").mkdir()
        return Case([*extra, str(tmp / "folder")], [str(tmp / "folder")])

    @attack(command, "path-with-a-nul")
    def nul(tmp):
        return Case([*extra, f"{tmp}/page\x00.toml"], ["page\\x00.toml"])

    @attack(command, "a-named-pipe")
    def pipe(tmp):
        return Case([*extra, str(fifo(tmp))], [str(tmp / "pipe")])

    @attack(command, "empty-file")
    def empty(tmp):
        return Case([*extra, str(write(tmp, "empty.txt", b""))], ["empty.txt"])

    @attack(command, "binary-garbage")
    def garbage(tmp):
        return Case([*extra, str(write(tmp, "garbage.bin", GARBAGE))], ["garbage.bin"])

    for attack_name, (name, content) in (("wrong-format", wrong_format or (None, None)), ("invalid-utf8", invalid_utf8 or (None, None))):
        if name is not None:
            attack(command, attack_name)(lambda tmp, name=name, content=content: Case([*extra, str(write(tmp, name, content))], [name]))

    if limit_setting:

        @attack(command, "over-the-size-limit")
        def too_large(tmp):
            limit = 64 * 1024
            text = page() if command != "import_content_po" else PO_TEXT
            path = write(tmp, "large.txt", text + "#" * (limit + 1) + "\n")
            return Case([*extra, str(path)], ["large.txt"], settings={limit_setting: limit})


# Exports and backups: where they write.
def unwritable_outputs(command, *args):
    @attack(command, "output-in-a-missing-folder")
    def missing_folder(tmp):
        path = tmp / "missing" / "out.file"
        return Case([*args, "--output", str(path)], [str(path)])

    @attack(command, "output-under-a-file")
    def under_a_file(tmp):
        write(tmp, "plain.txt", "a file, not a folder")
        path = tmp / "plain.txt" / "out.file"
        return Case([*args, "--output", str(path)], [str(path)])

    @attack(command, "output-is-a-directory")
    def directory(tmp):
        (tmp / "folder").mkdir()
        return Case([*args, "--output", str(tmp / "folder")], [str(tmp / "folder")])

    @attack(command, "output-with-a-nul")
    def nul(tmp):
        return Case([*args, "--output", f"{tmp}/out\x00.file"], ["out\\x00.file"])

    @attack(command, "output-without-a-value")
    def no_value(tmp):
        return Case([*args, "--output"], ["--output"])


# Addresses of services: not found, garbled, empty.
def bad_addresses(command, *before):
    garbled = {
        "unknown-address": "no-such-service",
        "path-as-address": "../../etc/passwd",
        "address-with-a-nul": "service\x00-de-securite",
        "address-with-control-characters": "service\r\n\x1b[31m",
        "very-long-address": "a" * 10_000,
        "empty-address": "",
        "url-as-address": f"https://example.org/fr/{BELGRADE}/",
    }
    for name, slug in garbled.items():

        def make(tmp, slug=slug):
            # Commands speak the site's default language: French quotes the address between « and ».
            return Case([*before, slug], [f"«\xa0{repr(slug)[1:-1][:60]}"])

        attack(command, name)(make)


# backup

unwritable_outputs("backup")
parser_attacks("backup")


@attack("backup", "output-exists")
def _(tmp):
    path = write(tmp, "backup.tar.gz", b"an earlier backup")
    return Case(["--output", str(path)], [str(path)])


@attack("backup", "output-is-a-named-pipe")
def _(tmp):
    return Case(["--output", str(fifo(tmp))], [str(tmp / "pipe")])


# restore: the archive is read even where services exist (--force), so that each attack reaches what it attacks.

REAL_BACKUP = {}


def real_backup(tmp):
    """{member: bytes} of a backup of the seed, made once; the database is then changed, so that a restore that goes
    further than it should shows in the database."""
    if not REAL_BACKUP:
        path = tmp / "real-backup.tar.gz"
        call_command("backup", "--output", str(path), stdout=io.StringIO())
        with tarfile.open(path, "r:gz") as archive:
            REAL_BACKUP.update({member.name: archive.extractfile(member).read() for member in archive})
        path.unlink()
    Service.objects.filter(slug_fr=BELGRADE).update(name_fr="Renamed after the backup")
    return dict(REAL_BACKUP)


def tar_gz(path, members):
    """A .tar.gz of `members`: {name: bytes, or a TarInfo (a link, a device…)}."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            if isinstance(content, tarfile.TarInfo):
                content.name = name
                archive.addfile(content)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
    return path


def special(kind, linkname=""):
    info = tarfile.TarInfo()
    info.type, info.linkname = kind, linkname
    return info


def manifest(*media):
    return json.dumps({"created": "2025-01-01T00:00:00+00:00", "media": list(media)}).encode()


def restore_case(tmp, members, names, **case):
    """`restore --force` of a .tar.gz holding `members`, with a media folder of its own, under tmp/site/media: a name
    climbing out of it with ../../ lands in tmp (seen by the test), an absolute one under /tmp (checked)."""
    media = tmp / "site" / "media"
    write(media, "kept.txt", "a file of the site, not in the backup")
    archive = tar_gz(tmp / "hostile.tar.gz", members)
    storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}}}
    return Case(["--force", str(archive)], names, settings={"STORAGES": storages}, **case)


unreadable_files("restore", extra=("--force",))
parser_attacks("restore", required=("--force", "backup.tar.gz"))


@attack("restore", "wrong-format")
def _(tmp):
    path = tmp / "backup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in real_backup(tmp).items():
            archive.writestr(name, content)
    return Case(["--force", str(path)], ["backup.zip"])


@attack("restore", "invalid-utf8")
def _(tmp):
    members = real_backup(tmp)
    members["data.json"] = latin_1('[{"model": "auth.group", "pk": 1, "fields": {"name": "Éditeurs", "permissions": []}}]')
    return restore_case(tmp, members, ["data.json"])


@attack("restore", "uncompressed-tar")
def _(tmp):
    path = tmp / "backup.tar"
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo("data.json")
        archive.addfile(info, io.BytesIO(b""))
    return Case(["--force", str(path)], ["backup.tar"])


@attack("restore", "gzip-of-text")
def _(tmp):
    return Case(["--force", str(write(tmp, "notes.gz", gzip.compress(b"not a tar archive\n" * 100)))], ["notes.gz"])


@attack("restore", "truncated-backup")
def _(tmp):
    whole = tar_gz(tmp / "whole.tar.gz", real_backup(tmp)).read_bytes()
    (tmp / "whole.tar.gz").unlink()
    path = write(tmp, "cut.tar.gz", whole[: len(whole) // 2])
    return Case(["--force", str(path)], ["cut.tar.gz"])


@attack("restore", "without-force-into-a-database-with-services")
def _(tmp):
    path = tar_gz(tmp / "backup.tar.gz", real_backup(tmp))
    return Case([str(path)], ["--force"])


@attack("restore", "tar-that-is-not-a-backup")
def _(tmp):
    return restore_case(tmp, {"README.txt": b"holiday photos"}, ["manifest.json"])


@attack("restore", "no-manifest")
def _(tmp):
    members = real_backup(tmp)
    del members["manifest.json"]
    return restore_case(tmp, members, ["manifest.json"])


@attack("restore", "no-data")
def _(tmp):
    members = real_backup(tmp)
    del members["data.json"]
    return restore_case(tmp, members, ["data.json"])


@attack("restore", "manifest-not-json")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": GARBAGE}, ["manifest.json"])


@attack("restore", "manifest-a-list")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": b'["media"]'}, ["manifest.json"])


@attack("restore", "manifest-media-not-a-list")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": b'{"created": "today", "media": "photo.jpg"}'}, ["manifest.json"])


@attack("restore", "manifest-media-not-text")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": b'{"created": "today", "media": [12]}'}, ["manifest.json"])


@attack("restore", "manifest-deeply-nested")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": b"[" * 100_000}, ["manifest.json"])


@attack("restore", "data-not-json")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "data.json": GARBAGE}, ["data.json"])


@attack("restore", "data-deeply-nested")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "data.json": b"[" * 100_000}, ["data.json"])


@attack("restore", "data-not-a-list")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "data.json": b'{"model": "auth.group"}'}, ["data.json"])


@attack("restore", "data-unknown-model")
def _(tmp):
    rows = [{"model": "nowhere.thing", "pk": 1, "fields": {}}]
    return restore_case(tmp, {**real_backup(tmp), "data.json": json.dumps(rows).encode()}, ["data.json"])


@attack("restore", "data-unknown-field")
def _(tmp):
    rows = [{"model": "auth.group", "pk": 1, "fields": {"name": "Éditeurs", "no_such_field": 1}}]
    return restore_case(tmp, {**real_backup(tmp), "data.json": json.dumps(rows).encode()}, ["data.json"])


@attack("restore", "data-bad-value")
def _(tmp):
    rows = [{"model": "auth.user", "pk": 1, "fields": {"username": "x", "password": "", "date_joined": "the day before yesterday"}}]
    return restore_case(tmp, {**real_backup(tmp), "data.json": json.dumps(rows).encode()}, ["data.json"])


@attack("restore", "data-broken-reference")
def _(tmp):
    rows = [{"model": "auth.user", "pk": 4242, "fields": {"username": "orphan", "password": "", "groups": [424242]}}]
    return restore_case(tmp, {**real_backup(tmp), "data.json": json.dumps(rows).encode()}, ["data.json"])


@attack("restore", "data-conflicts-with-a-row-kept")
def _(tmp):
    """With --force, a row of the backup takes the unique value of a row it does not replace: the two collide."""
    User.objects.create_user("alice", password="a-long-password-of-alice-1")
    call_command("backup", "--output", str(tmp / "alice.tar.gz"), stdout=io.StringIO())
    with tarfile.open(tmp / "alice.tar.gz", "r:gz") as archive:
        members = {member.name: archive.extractfile(member).read() for member in archive}
    (tmp / "alice.tar.gz").unlink()
    User.objects.filter(username="alice").update(username="alice-renamed")
    User.objects.create_user("alice", password="another-long-password-2")  # another id
    return restore_case(tmp, members, ["auth.User", "username"])


@attack("restore", "media-listed-not-in-the-archive")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "manifest.json": manifest("photo.jpg")}, ["media/photo.jpg"])


@attack("restore", "media-climbing-out")
def _(tmp):
    members = {**real_backup(tmp), "manifest.json": manifest("../../escaped.txt"), "media/../../escaped.txt": b"escaped"}
    return restore_case(tmp, members, ["../../escaped.txt"])


@attack("restore", "media-absolute-path")
def _(tmp):
    target = f"/tmp/escaped-{tmp.name}.txt"  # noqa: S108 - where an escaping file would land, checked absent
    members = {**real_backup(tmp), "manifest.json": manifest(target), f"media/{target}": b"escaped"}
    return restore_case(tmp, members, [target], outside=[Path(target)])


@attack("restore", "member-climbing-out")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "../../escaped.txt": b"escaped"}, ["../../escaped.txt"])


@attack("restore", "member-absolute-path")
def _(tmp):
    target = f"/tmp/escaped-member-{tmp.name}.txt"  # noqa: S108
    return restore_case(tmp, {**real_backup(tmp), target: b"escaped"}, [target.lstrip("/")], outside=[Path(target)])


@attack("restore", "media-symlink-outside")
def _(tmp):
    members = {**real_backup(tmp), "manifest.json": manifest("link.txt"), "media/link.txt": special(tarfile.SYMTYPE, "/etc/passwd")}
    return restore_case(tmp, members, ["media/link.txt"])


@attack("restore", "media-symlink-to-the-data")
def _(tmp):
    members = {**real_backup(tmp), "manifest.json": manifest("link.txt"), "media/link.txt": special(tarfile.SYMTYPE, "../data.json")}
    return restore_case(tmp, members, ["media/link.txt"])


@attack("restore", "media-hard-link")
def _(tmp):
    members = {**real_backup(tmp), "manifest.json": manifest("link.txt"), "media/link.txt": special(tarfile.LNKTYPE, "data.json")}
    return restore_case(tmp, members, ["media/link.txt"])


@attack("restore", "media-device")
def _(tmp):
    members = {**real_backup(tmp), "manifest.json": manifest("zero"), "media/zero": special(tarfile.CHRTYPE)}
    return restore_case(tmp, members, ["media/zero"])


@attack("restore", "data-is-a-symlink")
def _(tmp):
    members = {**real_backup(tmp), "data.json": special(tarfile.SYMTYPE, "/etc/passwd")}
    return restore_case(tmp, members, ["data.json"])


@attack("restore", "data-is-a-directory")
def _(tmp):
    members = {**real_backup(tmp), "data.json": special(tarfile.DIRTYPE)}
    return restore_case(tmp, members, ["data.json"])


@attack("restore", "member-not-in-the-manifest")
def _(tmp):
    return restore_case(tmp, {**real_backup(tmp), "media/stowaway.txt": b"not listed"}, ["media/stowaway.txt"])


# import_page and load_content: page files

for command in ("import_page", "load_content"):
    unreadable_files(
        command,
        wrong_format=("translation.po", PO_TEXT),
        invalid_utf8=("latin-1.toml", latin_1(page(extra='[[sections]]\nkind = "text"\nbody = {fr = "Sécurité"}\n'))),
        limit_setting="PAGE_FILE_MAX_BYTES",
    )

    @attack(command, "deeply-nested")
    def _(tmp):
        return Case([str(write(tmp, "deep.toml", DEEP))], ["deep.toml"])

    @attack(command, "service-not-a-table")
    def _(tmp):
        return Case([str(write(tmp, "service.toml", 'service = "hostile"\n'))], ["service.toml", "service"])

    @attack(command, "unknown-language")
    def _(tmp):
        text = page().replace('name = {fr = "Une page"}', 'name = {fr = "Une page", tlh = "Klingon"}')
        return Case([str(write(tmp, "klingon.toml", text))], ["klingon.toml", "tlh"])

    @attack(command, "garbled-address")
    def _(tmp):
        return Case([str(write(tmp, "address.toml", page(slug="../../etc/passwd")))], ["address.toml", "slug"])

    @attack(command, "address-with-a-nul")
    def _(tmp):
        return Case([str(write(tmp, "nul.toml", page(slug="une\\u0000page")))], ["nul.toml", "slug"])

    @attack(command, "text-with-a-nul")
    def _(tmp):
        text = page().replace('body = {fr = "Texte."}', 'body = {fr = "Te\\u0000xte."}')
        return Case([str(write(tmp, "nul-text.toml", text))], ["nul-text.toml", "body"])

    @attack(command, "huge-number-for-a-flag")
    def _(tmp):
        text = page(extra=f'\n[[sections]]\nkind = "roles"\n\n[[sections.roles]]\ntitle = {{fr = "Chef"}}\nis_head = {2**70}\n')
        return Case([str(write(tmp, "number.toml", text))], ["number.toml", "is_head"])

    @attack(command, "unknown-section-kind")
    def _(tmp):
        return Case([str(write(tmp, "kind.toml", page(extra='\n[[sections]]\nkind = "poem"\n')))], ["kind.toml", "poem"])


parser_attacks("import_page", required=("page.toml",))


@attack("import_page", "publish-a-refused-file")
def _(tmp):
    return Case([str(write(tmp, "kind.toml", page(extra='\n[[sections]]\nkind = "poem"\n'))), "--publish"], ["kind.toml", "poem"])


@attack("load_content", "good-file-then-unreadable-file")
def _(tmp):
    good = write(tmp, "good.toml", page(slug="une-bonne-page"))
    return Case([str(good), str(write(tmp, "bad.toml", GARBAGE))], ["bad.toml"])


@attack("load_content", "good-file-then-refused-file")
def _(tmp):
    """The first file is loaded and published, the second refused: the first must not stay loaded."""
    good = write(tmp, "good.toml", page(slug="une-bonne-page"))
    return Case([str(good), str(write(tmp, "kind.toml", page(extra='\n[[sections]]\nkind = "poem"\n')))], ["kind.toml", "poem"])


@attack("load_content", "old-addresses-not-a-table")
def _(tmp):
    """The seed's address: the service exists, so only its old addresses are read."""
    return Case([str(write(tmp, "old.toml", 'old_addresses = "/spip.php"\n' + page(BELGRADE)))], ["old.toml", "old_addresses"])


@attack("load_content", "old-address-unknown-language")
def _(tmp):
    text = page(BELGRADE, '\n[old_addresses]\n"/spip.php?article1" = "tlh"\n')
    return Case([str(write(tmp, "old.toml", text))], ["old.toml", "tlh"])


@attack("load_content", "old-address-not-a-path")
def _(tmp):
    text = page(BELGRADE, '\n[old_addresses]\n"javascript:alert(1)" = "fr"\n')
    return Case([str(write(tmp, "old.toml", text))], ["old.toml", "javascript:alert(1)"])


@attack("load_content", "old-address-too-long")
def _(tmp):
    text = page(BELGRADE, f'\n[old_addresses]\n"/{"a" * 300}" = "fr"\n')
    return Case([str(write(tmp, "old.toml", text))], ["old.toml", "old_addresses"])


@attack("load_content", "old-address-language-not-text")
def _(tmp):
    text = page(BELGRADE, '\n[old_addresses]\n"/spip.php?article1" = ["fr"]\n')
    return Case([str(write(tmp, "old.toml", text))], ["old.toml", "old_addresses"])


# export_page, publish, unpublish: an address

bad_addresses("export_page")
unwritable_outputs("export_page", BELGRADE)
parser_attacks("export_page", required=(BELGRADE,))

bad_addresses("publish")
parser_attacks("publish")


@attack("publish", "address-and-all")
def _(tmp):
    return Case([BELGRADE, "--all"], ["--all"])


@attack("publish", "neither-address-nor-all")
def _(tmp):
    return Case([], ["--all"])


bad_addresses("unpublish")
parser_attacks("unpublish", required=(BELGRADE,))


# import_content_po and export_content_po

unreadable_files(
    "import_content_po",
    wrong_format=("page.toml", TOML_TEXT),
    invalid_utf8=("latin-1.po", latin_1(PO_TEXT.replace('msgstr "Service"', 'msgstr "Sécurité"'))),
    limit_setting="PO_IMPORT_MAX_BYTES",
)
parser_attacks("import_content_po", required=("file.po",))


@attack("import_content_po", "unknown-language")
def _(tmp):
    return Case([str(write(tmp, "klingon.po", PO_TEXT.replace("Language: en", "Language: tlh")))], ["tlh"])


@attack("import_content_po", "source-language")
def _(tmp):
    return Case([str(write(tmp, "french.po", PO_TEXT.replace("Language: en", "Language: fr")))], ["fr"])


@attack("import_content_po", "cut-short")
def _(tmp):
    po = str(export_po("en", Service.objects.with_parts()))
    return Case([str(write(tmp, "cut.po", po[: len(po) // 2].rstrip() + '\nmsgstr "Cut'))], ["cut.po"])


@attack("import_content_po", "entries-for-nothing-on-the-site")
def _(tmp):
    text = PO_TEXT.replace("service:1:", "service:999999999:").replace('"Service"\n', '"Rien"\n')
    return Case([str(write(tmp, "nothing.po", text))], ["999999999"])


@attack("import_content_po", "a-path-as-content")
def _(tmp):
    """polib reads a text that names an existing file as that file: the import must read the file it was given."""
    return Case([str(write(tmp, "path.po", str(tmp / "path.po")))], ["path.po"])


@attack("export_content_po", "unknown-language")
def _(tmp):
    return Case(["--language", "tlh"], ["tlh"])


@attack("export_content_po", "source-language")
def _(tmp):
    return Case(["--language", "fr"], ["fr"])


parser_attacks("export_content_po", required=("--language", "en"))


bad_addresses("export_content_po", "--language", "en", "--service")
unwritable_outputs("export_content_po", "--language", "en")


# Commands without input: their arguments, and the catalogues they read and write (in a locale folder of the test's own).

parser_attacks("sync_groups")
parser_attacks("translation_status")
parser_attacks("compile_catalogues")
parser_attacks("make_cyrillic_catalogue")


@attack("sync_groups", "an-option-of-another-command")
def _(tmp):
    return Case(["--all"], ["--all"])


@attack("translation_status", "flag-with-a-value")
def _(tmp):
    return Case(["--details=yes"], ["--details"])


def catalogues(tmp, files):
    """LOCALE_PATHS of a folder of the test's own holding `files` ({path under it: bytes, or None for a folder})."""
    locale = tmp / "locale"
    for name, content in files.items():
        if content is None:
            (locale / name).mkdir(parents=True)
        else:
            write(locale, name, content)
    return {"LOCALE_PATHS": [str(locale)]}


GOOD_PO = (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_bytes()


def compile_case(tmp, files, names):
    # Dutch: a catalogue Django does not load while the test speaks French.
    return Case([], names, settings=catalogues(tmp, {"nl/LC_MESSAGES/django.po": GOOD_PO, **files}))


@attack("compile_catalogues", "binary-garbage")
def _(tmp):
    return compile_case(tmp, {"xx/LC_MESSAGES/django.po": GARBAGE}, ["xx/LC_MESSAGES/django.po"])


@attack("compile_catalogues", "wrong-format")
def _(tmp):
    return compile_case(tmp, {"xx/LC_MESSAGES/django.po": TOML_TEXT.encode()}, ["xx/LC_MESSAGES/django.po"])


@attack("compile_catalogues", "invalid-utf8")
def _(tmp):
    return compile_case(tmp, {"xx/LC_MESSAGES/django.po": latin_1(PO_TEXT.replace('msgstr "Service"', 'msgstr "Sécurité"'))}, ["xx"])


@attack("compile_catalogues", "catalogue-is-a-directory")
def _(tmp):
    return compile_case(tmp, {"xx/LC_MESSAGES/django.po": None}, ["xx/LC_MESSAGES/django.po"])


@attack("compile_catalogues", "compiled-file-is-a-directory")
def _(tmp):
    return compile_case(tmp, {"xx/LC_MESSAGES/django.po": PO_TEXT.encode(), "xx/LC_MESSAGES/django.mo": None}, ["django.mo"])


def cyrillic_case(tmp, files, names):
    return Case([], names, settings=catalogues(tmp, files))


@attack("make_cyrillic_catalogue", "no-latin-catalogue")
def _(tmp):
    return cyrillic_case(tmp, {"nl/LC_MESSAGES/django.po": GOOD_PO}, ["sr_Latn/LC_MESSAGES/django.po"])


@attack("make_cyrillic_catalogue", "latin-catalogue-garbage")
def _(tmp):
    return cyrillic_case(tmp, {"sr_Latn/LC_MESSAGES/django.po": GARBAGE}, ["sr_Latn/LC_MESSAGES/django.po"])


@attack("make_cyrillic_catalogue", "latin-catalogue-invalid-utf8")
def _(tmp):
    return cyrillic_case(
        tmp, {"sr_Latn/LC_MESSAGES/django.po": latin_1(PO_TEXT.replace('msgstr "Service"', 'msgstr "Sécurité"'))}, ["sr_Latn"]
    )


@attack("make_cyrillic_catalogue", "latin-catalogue-is-a-directory")
def _(tmp):
    return cyrillic_case(tmp, {"sr_Latn/LC_MESSAGES/django.po": None}, ["sr_Latn/LC_MESSAGES/django.po"])


@attack("make_cyrillic_catalogue", "cyrillic-folder-is-a-file")
def _(tmp):
    latin = (LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po").read_bytes()
    return cyrillic_case(tmp, {"sr_Latn/LC_MESSAGES/django.po": latin, "sr": b"a file where the folder should be"}, ["sr"])


# The sweep


def unknown_option(command):
    return lambda tmp: Case([*REQUIRED.get(command, []), "--no-such-option"], ["--no-such-option"])


ATTACKS = [
    pytest.param(command, make, id=f"{command}:{name}")
    for command in app_commands()
    for name, make in {**ATTACKS_OF.get(command, {}), "unknown-option": unknown_option(command)}.items()
]


def test_every_command_of_the_app_is_attacked():
    commands = app_commands()
    assert len(commands) >= 13, commands
    unattacked = [command for command in commands if not ATTACKS_OF.get(command)]
    assert not unattacked, f"commands with no hostile input in the sweep: add attacks for {unattacked}"
    assert not set(ATTACKS_OF) - set(commands), f"attacks of commands that do not exist: {set(ATTACKS_OF) - set(commands)}"


def database():
    """Every row of every table, as the database stores it."""
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - the app's tables
            rows[model._meta.db_table] = sorted(map(repr, cursor.fetchall()))
    return rows


def files(folder):
    """{path: bytes (or the kind of what it is)} of everything under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            found[str(path)] = "special"
        else:
            found[str(path)] = path.read_bytes() if path.is_file() else "folder"
    return found


class Hung(BaseException):  # noqa: N818 - not an Exception: no `except Exception` (or OSError) of a command catches it
    """The command ran past its deadline."""


@pytest.fixture
def deadline():
    def expire(signum, frame):
        raise Hung(f"still running after {DEADLINE_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    yield lambda: signal.setitimer(signal.ITIMER_REAL, DEADLINE_SECONDS)
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("command, make", ATTACKS)
def test_hostile_input_is_refused(command, make, tmp_path, ssi, deadline):
    case = make(tmp_path)
    rows, around = database(), files(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with override_settings(**case.settings):
        started = time.monotonic()
        deadline()
        try:
            call_command(command, *case.args, stdout=out, stderr=err)
        except CommandError as error:
            message = str(error)
        else:
            pytest.fail(f"accepted: {out.getvalue()[-500:]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE_SECONDS / 2, f"took {elapsed:.1f} s"
    missing = [name for name in case.names if name not in message]
    assert not missing, f"the message does not name {missing}: {message}"
    assert "Traceback" not in message + out.getvalue() + err.getvalue()
    assert len(message) < 2000, f"not a clear message, {len(message)} characters: {message[:300]}…"
    assert files(tmp_path) == around, "files were written, changed or removed"
    for path in case.outside:
        assert not path.exists(), f"{path} escaped the media folder"
    assert database() == rows, "the database changed"
