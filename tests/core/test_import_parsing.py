"""Reading import files: CSV encodings and delimiters, .xlsx cells, headers, the mapping suggestion, cell values."""
import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from marshmallow import ValidationError

from crm_platform.imports import mapping
from crm_platform.imports.parsing import analyse, cell_text, data_rows
from crm_platform.imports.rows import parse_date, split_tags


def write(tmp_path, data, name="file.upload"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows_of(path, found, skip=0):
    """Every (number, cells) of the file, read the way the job reads it."""
    with data_rows(path, found, skip=skip) as rows:
        return list(rows)


CHINESE = "名称,电话,邮箱\n北方贸易,138 0013 8000,a@b.test\n南方食品,,\n"


@pytest.mark.parametrize("encoded, encoding", [
    (CHINESE.encode("utf-8"), "utf-8-sig"),
    (b"\xef\xbb\xbf" + CHINESE.encode("utf-8"), "utf-8-sig"),
    (CHINESE.encode("gb18030"), "gb18030"),
], ids=["utf8", "utf8-bom", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_or_gb18030(app, tmp_path, encoded, encoding):
    path = write(tmp_path, encoded)
    with app.test_request_context():
        found = analyse(path)

    assert (found.format, found.encoding, found.delimiter) == ("csv", encoding, ",")
    assert found.headers == ["名称", "电话", "邮箱"]  # no BOM left on the first header
    assert found.total_rows == 2
    assert rows_of(path, found) == [(2, ["北方贸易", "138 0013 8000", "a@b.test"]), (3, ["南方食品", "", ""])]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_the_delimiter_is_sniffed(app, tmp_path, delimiter):
    text = delimiter.join(["Name", "Notes", "Phone"]) + "\n" + delimiter.join(["Acme", '"one, two; three"', "1"]) + "\n"
    path = write(tmp_path, text.encode())
    with app.test_request_context():
        found = analyse(path)

    assert found.delimiter == delimiter
    assert rows_of(path, found)[0][1] == ["Acme", "one, two; three", "1"]


def test_quoted_line_breaks_short_and_long_rows_and_skipping(app, tmp_path):
    path = write(tmp_path, b'Name,Address\n"Acme","line 1\nline 2"\nShort\nLong,x,extra\n')
    with app.test_request_context():
        found = analyse(path)

    assert found.total_rows == 3  # records, not lines
    assert rows_of(path, found) == [(2, ["Acme", "line 1\nline 2"]), (3, ["Short", ""]), (4, ["Long", "x"])]
    assert rows_of(path, found, skip=2) == [(4, ["Long", "x"])]


def test_headers_blank_and_repeated_become_unique(app, tmp_path):
    path = write(tmp_path, b"Name,,Email,email,,\nA,b,c,d,,\n")
    with app.test_request_context():
        assert analyse(path).headers == ["Name", "Column 2", "Email", "email (2)"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"Name,Phone\n", "no rows"),
    (b"\n\nx\n", "headers"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "not a CSV"),  # an old .xls
    (b"PK\x03\x04 not really a zip", ".xlsx"),
    (b"Name\n\x80\xff\x80\n", "neither UTF-8 nor GB18030"),
])
def test_unusable_files_are_a_field_error(app, tmp_path, data, message):
    path = write(tmp_path, data)
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        analyse(path)
    assert message in raised.value.messages["file"][0]


def test_xlsx_first_sheet_with_typed_cells(app, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "手机", "生日", "标签", "Score"])
    sheet.append(["北方贸易", 13800138000, datetime.datetime(2024, 3, 5), "vip；north", 2.5])
    sheet.append([None, None, None, None, None])
    sheet.append(["Delta", "+86 10 1234", datetime.date(1990, 1, 31), None, True])
    book.create_sheet("ignored").append(["not", "this"])
    path = tmp_path / "book.upload"
    book.save(path)

    with app.test_request_context():
        found = analyse(path)
        rows, skipped = rows_of(path, found), rows_of(path, found, skip=2)

    assert (found.format, found.headers, found.total_rows) == ("xlsx", ["客户名称", "手机", "生日", "标签", "Score"], 3)
    assert rows == [
        (2, ["北方贸易", "13800138000", "2024-03-05", "vip；north", "2.5"]),
        (3, ["", "", "", "", ""]),
        (4, ["Delta", "+86 10 1234", "1990-01-31", "", "TRUE"]),
    ]
    assert skipped == [(4, ["Delta", "+86 10 1234", "1990-01-31", "", "TRUE"])]


def test_cell_text_undoes_our_exports_formula_escaping():
    assert cell_text("'+1 555 0101") == "+1 555 0101" and cell_text("'=SUM(A1)") == "=SUM(A1)"
    assert cell_text("'quoted'") == "'quoted'" and cell_text(13800138000.0) == "13800138000"
    assert cell_text(datetime.datetime(2024, 3, 5, 14, 30)) == "2024-03-05 14:30:00"


def test_dates_tags_in_spreadsheet_forms():
    for text in ["2024-03-05", "2024/03/05", "2024/3/5", "2024.03.05", "2024年3月5日", "20240305", "2024-03-05 00:00:00"]:
        assert parse_date(text) == "2024-03-05", text
    assert parse_date("next tuesday") == "next tuesday"  # left for the schema to refuse
    assert split_tags("vip; north,south；东，西") == ["vip", "north", "south", "东", "西"]


def test_mapping_is_suggested_from_english_chinese_and_export_headers(app):
    with app.test_request_context():
        assert mapping.suggest(["客户名称", "联系电话", "电子邮件", "地区", "类型", "状态", "等级", "负责人",
                                "成立日期", "标签", "备注", "地址", "无关"]) == {
            "客户名称": "name", "联系电话": "phone", "电子邮件": "email", "地区": "region", "类型": "kind",
            "状态": "status", "等级": "level", "负责人": "owner", "成立日期": "care_date", "标签": "tags",
            "备注": "notes", "地址": "address"}
        assert mapping.suggest(["Company Name*", "E-mail", "Mobile", "Birthday", "Remarks"]) == {
            "Company Name*": "name", "E-mail": "email", "Mobile": "mobile", "Birthday": "care_date",
            "Remarks": "notes"}
        # Our export: "owner" holds names, so owner_email is the owner column; ids and stamps are ignored.
        assert mapping.suggest(["id", "name", "owner", "owner_email", "care_date", "created_at"]) == {
            "name": "name", "owner_email": "owner", "care_date": "care_date"}


def test_a_given_mapping_overrides_the_suggestion_and_is_checked(app):
    headers = ["Name", "Phone", "Mobile", "Note"]
    with app.test_request_context():
        assert mapping.resolve(headers) == {"Name": "name", "Phone": "phone", "Mobile": "mobile", "Note": "notes"}
        # Mobile takes phone from the suggested Phone column; Note is ignored.
        assert mapping.resolve(headers, {"Mobile": "phone", "Note": None}) == {"Name": "name", "Mobile": "phone"}
        for given, message in [({"Fax": "phone"}, "not in the file"), ({"Phone": "colour"}, "Unknown fields"),
                               ({"Phone": "email", "Mobile": "email"}, "more than one column"),
                               ({"Name": None}, "name"), (["Name"], "JSON object")]:
            with pytest.raises(ValidationError) as raised:
                mapping.resolve(headers, given)
            assert message in raised.value.messages["mapping"][0], given
        assert mapping.resolve(["Phone"], require_name=False) == {"Phone": "phone"}


def xlsx_bytes(rows):
    """An .xlsx file (as openpyxl writes one) holding `rows`."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data, part, change, extra=None):
    """The .xlsx `data` with `part` replaced by change(its bytes), plus `extra` {name: bytes} parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item.filename, change(body) if item.filename == part else body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
TEN_ROWS = [["Name", "Email"]] + [[f"Dim {n}", f"dim{n}@x.test"] for n in range(10)]


@pytest.mark.parametrize("ref", [b"A1:B3", b"A1", None], ids=["too-small", "one-cell", "missing"])
def test_the_xlsx_dimension_is_not_trusted(app, tmp_path, ref):
    def dimension(body):
        if ref is None:
            return re.sub(rb"<dimension [^>]*/>", b"", body)
        return re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="' + ref + b'"', body)

    path = write(tmp_path, rewritten(xlsx_bytes(TEN_ROWS), SHEET, dimension))
    with app.test_request_context():
        found = analyse(path)
        rows, skipped = rows_of(path, found), rows_of(path, found, skip=8)

    assert found.total_rows == 10
    assert [number for number, _cells in rows] == list(range(2, 12))
    assert rows[-1] == (11, ["Dim 9", "dim9@x.test"])
    assert [number for number, _cells in skipped] == [10, 11]


def _flip_deflate_bytes(data):
    """`data` with bytes inside the sheet's compressed stream changed (a corrupt deflate stream)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    for index in range(start + 20, start + 60):
        damaged[index] ^= 0x55
    return bytes(damaged)


BIG = xlsx_bytes([["Name", "Email"]] + [[f"N{n}", f"a{n}@x.test"] for n in range(300)])


@pytest.mark.parametrize("data", [
    rewritten(BIG, "xl/workbook.xml", lambda body: b"<not xml"),
    rewritten(BIG, "[Content_Types].xml", lambda body: b"<not xml"),
    rewritten(BIG, SHEET, lambda body: b"<not xml"),
    rewritten(BIG, SHEET, lambda body: body[:-40]),
    _flip_deflate_bytes(BIG),
    rewritten(BIG, "xl/_rels/workbook.xml.rels", lambda body: body.replace(b"worksheets/sheet1.xml", b"gone.xml")),
], ids=["workbook-xml", "content-types", "sheet-not-xml", "sheet-cut-off", "corrupt-deflate", "missing-part"])
def test_a_damaged_xlsx_is_a_field_error(app, tmp_path, data):
    path = write(tmp_path, data)
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        analyse(path)
    assert raised.value.messages["file"] == ["This file is not a readable .xlsx workbook."]


def _strings_part(count, text):
    """A shared-strings part holding `count` strings made by text(n)."""
    items = b"".join(b"<si><t>" + text(n).encode() + b"</t></si>" for n in range(count))
    return (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + items + b"</sst>")


def bomb(count, text):
    """A small workbook whose shared-strings part holds `count` strings (what openpyxl would load whole)."""
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return rewritten(xlsx_bytes([["Name"], ["x"]]), "[Content_Types].xml",
                     lambda body: body.replace(b"</Types>", override),
                     extra={"xl/sharedStrings.xml": _strings_part(count, text)})


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(app, tmp_path):
    # 6 MB of one repeated text packs into a few KB: far beyond the ratio of any real sheet.
    path = write(tmp_path, bomb(60_000, lambda n: "A" * 100))
    assert path.stat().st_size < 100_000
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        analyse(path)
    assert "compressed suspiciously well (xl/sharedStrings.xml)" in raised.value.messages["file"][0]


@pytest.mark.app_config(CRM_IMPORT_XLSX_MAX_STRINGS_MB=0.5, CRM_IMPORT_XLSX_MAX_RATIO=1000)
def test_a_table_of_texts_over_its_limit_is_refused(app, tmp_path):
    path = write(tmp_path, bomb(20_000, lambda n: f"Customer {n * 7919 % 100003} of the north"))
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        analyse(path)
    assert "table of texts is larger than 0.5 MB" in raised.value.messages["file"][0]


@pytest.mark.app_config(CRM_IMPORT_XLSX_MAX_UNPACKED_MB=0.05)
def test_a_workbook_unpacking_beyond_its_limit_is_refused(app, tmp_path):
    path = write(tmp_path, BIG)
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        analyse(path)
    assert "unpacks to more than 0.05 MB" in raised.value.messages["file"][0]
