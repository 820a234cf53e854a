"""Sizing up an .xlsx archive before openpyxl opens it, so that a small upload cannot fill a worker's memory.

An .xlsx is a zip archive whose XML parts unpack to many times their stored
size. openpyxl streams a worksheet in read-only mode, but reads the other XML
parts it needs whole (the shared-strings table above all: every distinct text
of the workbook), so a 1 MB upload can hold a shared-strings part of several
hundred MB. The sizes checked here come from the zip's directory, and zipfile
enforces them while unpacking (a member that inflates past its declared size
fails its CRC check), so checking them before openpyxl is enough.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from openpyxl.packaging.manifest import Manifest
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, WORKSHEET_TYPE
from openpyxl.xml.functions import fromstring

MB = 1024 * 1024
# Small parts may compress extremely well without harm; the ratio matters for large ones.
RATIO_FROM_BYTES = MB
# Parts openpyxl reads whole when they are there (pictures and other binary parts it skips in read-only mode).
_WHOLE_SUFFIXES = (".xml", ".rels")


@dataclass(frozen=True)
class Limits:
    """The CRM_IMPORT_XLSX_* settings: bytes unpacked in all, the compression ratio, bytes of a part read whole."""

    unpacked: float
    ratio: float
    part: float


def limits():
    """The current app's Limits."""
    config = current_app.config
    return Limits(float(config["CRM_IMPORT_XLSX_MAX_UNPACKED_MB"]) * MB, float(config["CRM_IMPORT_XLSX_MAX_RATIO"]),
                  float(config["CRM_IMPORT_XLSX_MAX_STRINGS_MB"]) * MB)


def archive_problem(archive, limit):
    """Why the open zipfile.ZipFile `archive` is refused (it unpacks beyond the Limits `limit`), or None.

    Checked: the whole archive unpacked, each large member's compression ratio,
    and each part openpyxl reads whole (the shared strings and every XML part
    that is not a worksheet).
    """
    members = archive.infolist()
    max_unpacked = limit.unpacked
    if sum(member.file_size for member in members) > max_unpacked:
        return _("This workbook unpacks to more than %(limit)s MB; save it as CSV or split it.",
                 limit=f"{max_unpacked / MB:g}")
    max_ratio = limit.ratio
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            return _("This workbook is compressed suspiciously well (%(name)s); it is not imported.",
                     name=member.filename[-100:])
    max_part = limit.part
    for name in _parts_read_whole(archive, max_part):
        if archive.getinfo(name).file_size > max_part:
            return _("This workbook's table of texts is larger than %(limit)s MB; save it as CSV or split it.",
                     limit=f"{max_part / MB:g}")
    return None


def _parts_read_whole(archive, max_part):
    """The names of the parts that openpyxl would read whole: all XML parts but the worksheets.

    Worksheets and the shared strings are found as openpyxl finds them, by
    their content type in [Content_Types].xml (whose own size is checked first,
    since reading it means reading it whole). A malformed one raises ParseError,
    which the caller reports as an unreadable file.
    """
    names = set(archive.namelist())
    if ARC_CONTENT_TYPES not in names:
        return [name for name in names if name.endswith(_WHOLE_SUFFIXES)]
    if archive.getinfo(ARC_CONTENT_TYPES).file_size > max_part:
        return [ARC_CONTENT_TYPES]
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    worksheets = {part.PartName.lstrip("/") for part in manifest.findall(WORKSHEET_TYPE)}
    strings = {part.PartName.lstrip("/") for part in manifest.findall(SHARED_STRINGS)}
    whole = {name for name in names if name.endswith(_WHOLE_SUFFIXES) and name not in worksheets}
    return sorted((whole | strings) & names)
