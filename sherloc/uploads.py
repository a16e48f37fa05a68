"""One upload policy for the whole portal (docs/files.md): what a file may be, how large, how many.

Answers to the questionnaires and the constructive dialogue both take files through
`check_upload` / `check_uploads`; their forms and services refuse with its messages, and
the pages' size check (static/js/portal.js) reads the same `UPLOAD_MAX_BYTES`. A file is
accepted only when its extension is on the list below AND its content is of that kind:

- PDF, PNG, JPEG, Word and Excel 97–2003 (OLE): the magic bytes at the very start of the
  file (puremagic's signatures) name the extension's kind; an OLE file also holds the
  stream of a Word document (`WordDocument`) or an Excel workbook (`Workbook`);
- Word, Excel (Office Open XML) and OpenDocument text and spreadsheet: a zip whose
  `[Content_Types].xml` (OOXML) or `mimetype` member (OpenDocument) names exactly that
  kind, and whose declared unpacked size stays under `UPLOAD_MAX_UNPACKED_BYTES`
  (a zip bomb is refused before anything is unpacked);
- text and CSV: UTF-8, with no NUL byte.

Whatever the extension, a file whose first KiB holds HTML or SVG markup is refused: a
polyglot a browser could take for a page. SVG, HTML, scripts and executables are not on
the list. Files are kept under random names in private storage (sherloc.storage) and
served only as downloads by the views that check who may read them.
"""

import hashlib
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

MIB = 1024 * 1024
HEAD_BYTES = 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAX_MEMBERS = 5000
# markup a browser would render if it ever sniffed the file as a page
MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    magic: str | None = None  # the extension puremagic must name for the file's first bytes
    ole_streams: tuple[str, ...] = ()  # one of these streams must be in an OLE file
    ooxml: str = ""  # the main part's content type in [Content_Types].xml
    odf: str = ""  # the exact content of an OpenDocument's `mimetype` member
    text: bool = False


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ODT = "application/vnd.oasis.opendocument.text"
_ODS = "application/vnd.oasis.opendocument.spreadsheet"

KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF", "application/pdf", magic=".pdf"),
    ".docx": Kind("Word", _DOCX, magic=".zip", ooxml=_DOCX.replace("application/", "") + ".main+xml"),
    ".xlsx": Kind("Excel", _XLSX, magic=".zip", ooxml=_XLSX.replace("application/", "") + ".main+xml"),
    ".odt": Kind("OpenDocument text", _ODT, magic=".zip", odf=_ODT),
    ".ods": Kind("OpenDocument spreadsheet", _ODS, magic=".zip", odf=_ODS),
    ".doc": Kind("Word 97–2003", "application/msword", magic=".doc", ole_streams=("WordDocument",)),
    ".xls": Kind("Excel 97–2003", "application/vnd.ms-excel", magic=".xls", ole_streams=("Workbook", "Book")),
    ".png": Kind("PNG", "image/png", magic=".png"),
    ".jpg": Kind("JPEG", "image/jpeg", magic=".jpg"),
    ".jpeg": Kind("JPEG", "image/jpeg", magic=".jpg"),
    ".txt": Kind("text", "text/plain; charset=utf-8", text=True),
    ".csv": Kind("CSV", "text/csv; charset=utf-8", text=True),
}
ACCEPT = ",".join(KINDS)  # for <input type=file accept=…>


class UploadRefused(Exception):
    """A file the portal does not keep; the message names the file and says why."""


@dataclass(frozen=True)
class CheckedUpload:
    file: object
    name: str
    size: int
    content_type: str
    sha256: str


def human_size(size: int) -> str:
    """Sizes as the limits are set: in MiB (KiB or bytes below one), the units the pages show."""
    if size >= MIB:
        return f"{size / MIB:.1f}".removesuffix(".0") + " MiB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KiB"
    return f"{size} B"


def help_text() -> str:
    """What the forms say under a file field, in the page's language."""
    return _("PDF, Word, Excel, OpenDocument, text, CSV, PNG or JPEG; at most %(count)s files of %(size)s each.") % {
        "count": settings.UPLOAD_MAX_FILES,
        "size": human_size(settings.UPLOAD_MAX_BYTES),
    }


def kind_of(name: str) -> Kind | None:
    return KINDS.get(PurePath(name).suffix.lower())


def content_type_for(name: str) -> str:
    kind = kind_of(name)
    return kind.content_type if kind else "application/octet-stream"


def clean_name(name: str, *, limit: int = 200) -> str:
    """The name the user gave, without any folder, as stored in the database (never on disk)."""
    name = PurePath(name.replace("\\", "/")).name.replace("\x00", "")
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    return (stem[: limit - len(suffix)] + suffix) if len(name) > limit else name


def check_uploads(files, *, already: int = 0) -> list[CheckedUpload]:
    """Check every file before any is kept: one refused file refuses the post."""
    files = list(files)
    limit = settings.UPLOAD_MAX_FILES
    if already + len(files) > limit:
        raise UploadRefused(
            _("At most %(limit)s files can be attached here; %(count)s were given.")
            % {"limit": limit, "count": already + len(files)}
        )
    return [check_upload(f) for f in files]


def check_upload(upload) -> CheckedUpload:
    name = clean_name(upload.name or "")
    kind = kind_of(name)
    if kind is None or not PurePath(name).stem:
        raise UploadRefused(
            _("%(name)s: files of this type are not accepted. Accepted: %(types)s.")
            % {"name": name or "—", "types": ", ".join(e.lstrip(".").upper() for e in KINDS)}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadRefused(
            _("%(name)s is larger than the limit of %(limit)s per file.") % {"name": name, "limit": human_size(limit)}
        )
    if not upload.size:
        raise UploadRefused(_("%(name)s is empty.") % {"name": name})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    problem = _content_problem(upload, head, kind)
    upload.seek(0)
    if problem:
        raise UploadRefused(f"{name}: {problem}")
    return CheckedUpload(upload, name, upload.size, kind.content_type, sha256_of(upload))


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _not_a(kind: Kind) -> str:
    return _("the content does not match the type its name gives (%(type)s).") % {"type": kind.label}


def _content_problem(upload, head: bytes, kind: Kind) -> str | None:
    if MARKUP.search(head):
        return _("the file holds web page or SVG markup, which the portal does not keep.")
    if kind.text:
        return _text_problem(upload, kind)
    found = {m.extension for m in puremagic.magic_string(head) if m.offset == 0}
    if kind.magic not in found:
        return _not_a(kind)
    if kind.ole_streams:
        return None if _ole_streams(upload) & set(kind.ole_streams) else _not_a(kind)
    if kind.ooxml or kind.odf:
        return _container_problem(upload, kind)
    return None


def _text_problem(upload, kind: Kind) -> str | None:
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    if b"\x00" in data:
        return _not_a(kind)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _("the text is not in UTF-8; save it as UTF-8 and upload it again.")
    return None


def _ole_streams(upload) -> set[str]:
    """The names in the first directory sector of an OLE compound file (MS-CFB 2.2, 2.6)."""
    upload.seek(0)
    header = upload.read(512)
    if len(header) < 512 or not header.startswith(OLE_MAGIC):
        return set()
    shift = struct.unpack_from("<H", header, 30)[0]
    first = struct.unpack_from("<i", header, 48)[0]
    if shift not in (9, 12) or first < 0:
        return set()
    size = 1 << shift
    upload.seek((first + 1) * size)
    directory = upload.read(size)
    names = set()
    for offset in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, offset + 64)[0]
        if 2 <= length <= 64:
            names.add(directory[offset : offset + length - 2].decode("utf-16-le", errors="ignore"))
    return names


def _container_problem(upload, kind: Kind) -> str | None:
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        if len(members) > ZIP_MAX_MEMBERS or unpacked > settings.UPLOAD_MAX_UNPACKED_BYTES:
            return _("the document would unpack to more than %(limit)s; it is refused.") % {
                "limit": human_size(settings.UPLOAD_MAX_UNPACKED_BYTES)
            }
        if kind.odf:
            with archive.open("mimetype") as member:
                ok = member.read(200).strip() == kind.odf.encode()
        else:
            with archive.open("[Content_Types].xml") as member:
                types = member.read(MIB)
            main = re.findall(rb'ContentType="([^"]*\.main\+xml)"', types)
            ok = [t.decode(errors="replace").split("/", 1)[-1] for t in main] == [kind.ooxml]
    except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError, OSError, EOFError, NotImplementedError):
        return _not_a(kind)
    return None if ok else _not_a(kind)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern), each checked by the policy.

    The limits and the help text are read when the form is made: they are settings, and the
    help text is in the page's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def prepare(self) -> None:
        self.widget.attrs["data-max-bytes"] = settings.UPLOAD_MAX_BYTES
        self.help_text = help_text()

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data] if isinstance(data, list | tuple) else [single(data, initial)]
        files = [f for f in files if f]
        try:
            check_uploads(files)
        except UploadRefused as error:
            raise forms.ValidationError(str(error)) from None
        return files
