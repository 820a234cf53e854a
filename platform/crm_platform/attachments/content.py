"""Which files may be attached, and checking that a file's bytes are what its name says.

The type is decided by the file name's extension against ALLOWED, then
confirmed by sniffing the bytes with puremagic: a .pdf must look like a PDF to
it, a .docx like an Office Open XML file, and so on. Text files (.txt, .csv)
have no magic number: they must decode as text and not look like any binary
format. The type stored and served is ALLOWED's, never the client's claim.
"""
import puremagic
from flask_babel import gettext as _
from marshmallow import ValidationError

ZIP = "application/zip"
OLE = ("application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint")
ALLOWED = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
    ".pdf": "application/pdf",
    ".doc": OLE[0], ".xls": OLE[1], ".ppt": OLE[2],
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".txt": "text/plain", ".csv": "text/csv",
    ".zip": ZIP,
}
TEXT = {".txt", ".csv"}
# Extensions puremagic reports for the same format under another name.
SAME_AS = {".jpg": {".jpeg", ".jpe", ".jfif"}, ".jpeg": {".jpg", ".jpe", ".jfif"}, ".tif": {".tiff"}, ".tiff": {".tif"}}
# Enough of the file for every signature puremagic knows (Office files are recognised by their first entries).
SNIFF_BYTES = 64 * 1024


def extension(filename):
    """The lower-case extension of `filename` ("" when it has none)."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def checked_type(filename, head):
    """The content type to store for a file called `filename` starting with bytes `head`, or a field error."""
    ext = extension(filename)
    if ext not in ALLOWED:
        raise ValidationError({"file": [_("Files of this type cannot be attached. Attach images, PDF, Office "
                                          "documents, text or CSV files, or zip archives.")]})
    try:
        # Given a file name, puremagic also "matches" by the extension alone (no bytes matched): those prove nothing.
        found = {match.extension.lower() for match in puremagic.magic_string(head, filename=filename)
                 if match.byte_match}
    except puremagic.PureError:
        found = set()
    if ext in TEXT:
        if found - TEXT or not _is_text(head):
            raise _mismatch(ext)
    elif not ({ext} | SAME_AS.get(ext, set())) & found:
        raise _mismatch(ext)
    return ALLOWED[ext]


def _is_text(head):
    """True for bytes that read as text: UTF-8 (with or without BOM) or GB18030, no NUL bytes."""
    if b"\0" in head:
        return False
    # The sniffed head may end inside a multi-byte character: allow up to three bytes cut off.
    return any(_decodes(head[:len(head) - cut], encoding) for encoding in ("utf-8-sig", "gb18030") for cut in range(4))


def _decodes(data, encoding):
    """True when `data` decodes in `encoding`."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _mismatch(ext):
    """The field error of a file whose bytes are not what its name says."""
    return ValidationError({"file": [_("The file's contents are not a %(ext)s file; it was not attached.",
                                       ext=ext)]})
