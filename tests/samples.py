"""Small files of every kind the portal keeps, and of kinds it refuses, made in the test."""

import io
import struct
import zipfile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def zipped(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            kind = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def ooxml(main_type: str, part: str = "word/document.xml") -> bytes:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    )
    return zipped({"[Content_Types].xml": types.encode(), part: b"<w:document/>"})


def opendocument(mimetype: str) -> bytes:
    return zipped({"mimetype": mimetype.encode(), "content.xml": b"<office:document/>"}, stored_first="mimetype")


def ole(stream: str) -> bytes:
    """An OLE compound file (MS-CFB) whose first directory sector holds the root and `stream`."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 30, 9)  # 512-byte sectors
    struct.pack_into("<i", header, 48, 0)  # the directory starts at sector 0
    directory = bytearray(512)
    for i, (name, kind) in enumerate([("Root Entry", 5), (stream, 2)]):
        encoded = (name + "\0").encode("utf-16-le")
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, i * 128 + 64, len(encoded))
        directory[i * 128 + 66] = kind
    return bytes(header + directory)


def zip_bomb() -> bytes:
    """A Word document that declares 300 MiB unpacked (a few KiB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", f'<Types><Override PartName="/word/document.xml" ContentType="{DOCX_TYPE}"/></Types>'
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n%a case of 2024\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 20

ACCEPTED = {
    "case.pdf": PDF,
    "law.docx": ooxml(DOCX_TYPE),
    "figures.xlsx": ooxml(XLSX_TYPE, "xl/workbook.xml"),
    "law.odt": opendocument("application/vnd.oasis.opendocument.text"),
    "figures.ods": opendocument("application/vnd.oasis.opendocument.spreadsheet"),
    "law.doc": ole("WordDocument"),
    "figures.xls": ole("Workbook"),
    "scan.png": PNG,
    "scan.JPG": JPEG,
    "minutes.txt": "Procès-verbal — 会议记录 — محضر".encode(),
    "cases.csv": b"year,cases\n2024,12\n",
}

# name, content, what the user is told
REFUSED = [
    ("page.html", b"<html><body>hi</body></html>", "files of this type are not accepted"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not accepted"),
    ("tool.js", b"alert(document.cookie)", "not accepted"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "not accepted"),
    ("noextension", b"plain", "not accepted"),
    ("report.pdf", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "does not match the type its name gives (PDF)"),
    ("scan.png", PNG + b"<html><script>alert(1)</script></html>", "web page or SVG markup"),
    ("case.pdf", b"%PDF-1.4\n<script>alert(1)</script>", "web page or SVG markup"),
    ("notes.txt", b"<!DOCTYPE html><html><script>alert(1)</script>", "web page or SVG markup"),
    (
        "law.docx",
        opendocument("application/vnd.oasis.opendocument.text"),
        "does not match the type its name gives (Word)",
    ),
    ("law.docx", ooxml(DOCM_TYPE), "does not match the type its name gives (Word)"),
    ("law.odt", ooxml(DOCX_TYPE), "does not match the type its name gives (OpenDocument text)"),
    ("law.docx", zip_bomb(), "would unpack to more than 200 MiB"),
    ("law.docx", b"PK\x03\x04 broken", "does not match the type its name gives (Word)"),
    ("law.doc", ole("_StringPool") + b"", "does not match the type its name gives (Word 97–2003)"),
    ("minutes.txt", b"minutes\x00\x01", "does not match the type its name gives (text)"),
    ("minutes.txt", "Procès-verbal".encode("latin-1"), "not in UTF-8"),
    ("empty.pdf", b"", "is empty"),
]
