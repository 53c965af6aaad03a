"""The files management commands read and write, checked: what keeps a file from being read or written is a
CommandError that names it, never a traceback, a wait on a pipe that never ends, or half a file left behind."""

import contextlib
import os
import stat
import tempfile
import unicodedata
from pathlib import Path

import polib
from django.core.management.base import CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Unicode's control, format (bidirectional overrides…), unassigned and private characters, and line breaks.
CONTROL = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}


def shown(text, limit=80, tail=False):
    """`text` as a message shows it: control characters escaped (a terminal would obey them), cut to `limit` characters
    (keeping its end with `tail`: of a path, the file's name)."""
    text = "".join(repr(char)[1:-1] if unicodedata.category(char) in CONTROL else char for char in str(text))
    if len(text) <= limit:
        return text
    return "…" + text[-limit:] if tail else text[:limit] + "…"


def reason(error):
    """What an OSError says, without the path it repeats: "No such file or directory"."""
    return error.strerror or str(error)


def check_name(path):
    """Refuse a path no file can have (call_command passes what a shell cannot: a NUL character)."""
    if "\x00" in str(path):
        raise CommandError(_("“%(path)s” is not a file name: it holds a NUL character.") % {"path": shown(path, tail=True)})


@contextlib.contextmanager
def open_file(path):
    """The regular file at `path`, opened to read in binary; a folder, a pipe or a device is refused (reading a pipe
    or /dev/zero would never end), and so is a file that cannot be opened."""
    check_name(path)
    try:
        # Without waiting: opening a named pipe waits for a writer; the check that follows refuses it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise CommandError(_("%(path)s: no such file.") % {"path": path}) from None
    except OSError as error:
        raise CommandError(_("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": reason(error)}) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise CommandError(_("%(path)s is a folder: give a file.") % {"path": path})
        if not stat.S_ISREG(mode):
            raise CommandError(_("%(path)s is not a regular file (a pipe or a device, read without end): give a file.") % {"path": path})
        os.set_blocking(descriptor, True)
        file = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with file:
        yield file


def refuse_empty(file, path):
    """Refuse the open file `file` (read from `path`) if it is empty: no command reads anything of use in one."""
    if not os.fstat(file.fileno()).st_size:
        raise CommandError(_("%(path)s is empty.") % {"path": path})


def read_file(path, limit):
    """The bytes of the regular file at `path`, refused when it is empty or larger than `limit` bytes."""
    with open_file(path) as file:
        try:
            data = file.read(limit + 1)
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": reason(error)}) from None
    if len(data) > limit:
        raise CommandError(
            _("%(path)s is larger than %(limit)s, the most this command reads.") % {"path": path, "limit": filesizeformat(limit)}
        )
    if not data:
        raise CommandError(_("%(path)s is empty.") % {"path": path})
    return data


def decoded(data, path):
    """`data`, the content of the file at `path`, as UTF-8 text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(path)s is not UTF-8 text (byte %(position)s): save it as UTF-8.") % {"path": path, "position": error.start + 1}
        ) from None


def check_output(path):
    """Refuse to write at `path` where no file can be: a folder, a pipe or a device, a folder that does not exist."""
    check_name(path)
    path = Path(path)
    if path.is_dir():
        raise CommandError(_("%(path)s is a folder: give the name of the file to write.") % {"path": path})
    if path.exists() and not path.is_file():
        raise CommandError(_("%(path)s is not a regular file: give the name of the file to write.") % {"path": path})
    if path.parent.exists() and not path.parent.is_dir():
        raise CommandError(_("Cannot write %(path)s: %(folder)s is a file, not a folder.") % {"path": path, "folder": path.parent})
    if not path.parent.is_dir():
        raise CommandError(_("Cannot write %(path)s: the folder %(folder)s does not exist.") % {"path": path, "folder": path.parent})


def write_files(contents, make_folders=False):
    """Write {path: bytes}, all or none: each is written beside its place under a temporary name, then all are moved
    into place, so that a failure leaves no file half written and none changed. `make_folders`: create missing folders."""
    written = {}
    try:
        for path, data in contents.items():
            path = Path(path)
            if make_folders:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise CommandError(_("Cannot write %(path)s: %(reason)s.") % {"path": path, "reason": reason(error)}) from None
            check_output(path)
            try:
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
                written[path] = temporary
                os.fchmod(handle, 0o666 & ~current_umask())  # as open() would make it: mkstemp makes it private
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
            except OSError as error:
                raise CommandError(_("Cannot write %(path)s: %(reason)s.") % {"path": path, "reason": reason(error)}) from None
        for path, temporary in written.items():
            os.replace(temporary, path)
    finally:
        for temporary in written.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def write_file(path, data):
    write_files({path: data})


def current_umask():
    """The process's umask (reading it means setting it: it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_catalogue(path):
    """The gettext catalogue (a .po file) at `path`, read with polib; a CommandError says what keeps it from being one."""
    with open_file(path):  # a folder, a pipe, a file that cannot be opened: refused with their reason
        pass
    try:
        return polib.pofile(str(path))
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(path)s is not a catalogue in its charset (byte %(position)s): %(reason)s.")
            % {"path": path, "position": error.start + 1, "reason": error.reason}
        ) from None
    except (OSError, ValueError) as error:  # polib's syntax errors are OSErrors: "Syntax error in po file … (line 4)"
        raise CommandError(_("%(path)s is not a gettext catalogue: %(reason)s.") % {"path": path, "reason": error}) from None
