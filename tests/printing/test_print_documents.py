"""What each receipt and notice says: everything filed is listed, RRNs masked, control bytes drawn."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printers.builders import build_notice, build_receipt, build_test_page
from printers.data import PersonLine
from printers.document import (
    Banner,
    Barcode,
    Document,
    Field,
    Paragraph,
    QRCode,
    Title,
    visible_text,
)
from printers.layout import wrap
from printers.samples import SAMPLE_FILED_AT, sample_notice, sample_receipt
from printers.text import cell_width, render_text

FULL_RRN = re.compile(r"\d{6}-?[1-8]\d{6}")


def all_text(document: Document) -> str:
    return "\n".join(document.texts())


def test_birth_receipt_lists_every_happy_birth_service_filed() -> None:
    data = sample_receipt("birth")
    text = all_text(build_receipt(data))
    for line in data.requests:
        assert line.service in text and line.agency in text
    assert "출생신고 접수증" in text
    assert "행복출산 원스톱 함께 신청: 5건" in text
    assert "1,000,000원" in text


def test_death_notice_lists_each_item_with_agency_delivery_and_date() -> None:
    text = render_text(build_notice(sample_notice("death")))
    assert "안심상속 원스톱서비스 안내" in text
    assert "금융거래 조회" in text and "금융감독원" in text
    assert "결과 기관 홈페이지 안내" in text and "결과 우편 안내" in text
    assert "2026. 4. 5.까지 예정" in text
    assert "신청 기한" in text and "2027. 3. 31." in text
    assert "토지·자동차·지방세" in text  # local departments are named as such


def test_death_notice_states_the_three_months_to_renounce_or_accept_with_limits() -> None:
    # 민법 제1019조①: from the day the heir learned of the succession, not from the death.
    text = " ".join(render_text(build_notice(sample_notice("death")), columns=200).split())
    assert "상속개시가 있음을 안 날부터 3개월 이내에 가정법원에 신고해야 합니다(민법 제1019조①)" in text
    assert "단순승인한 것으로 봅니다" in text


@pytest.mark.parametrize(
    ("kind", "title", "step"),
    [
        ("birth", "행복출산 원스톱서비스 안내", "출생한 달부터 소급"),
        ("name_change", "개명신고 후속절차 안내", "인감 변경신고"),
        ("marriage", "혼인신고 후속절차 안내", "14일 이내에 전입신고"),
        ("divorce", "이혼신고 후속절차 안내", "14일 이내에 전입신고"),
    ],
)
def test_each_report_type_gets_its_follow_up_notice(kind: str, title: str, step: str) -> None:
    document = build_notice(sample_notice(kind))  # type: ignore[arg-type]
    text = all_text(document)
    assert title in text and step in text
    assert document.kind == f"notice-{kind}"
    assert document.barcodes() == [sample_receipt().receipt_no]


@pytest.mark.parametrize("kind", ["birth", "death", "name_change", "marriage", "divorce"])
def test_papers_show_only_masked_resident_numbers(kind: str) -> None:
    for document in (build_receipt(sample_receipt(kind)), build_notice(sample_notice(kind))):  # type: ignore[arg-type]
        text = all_text(document)
        assert not FULL_RRN.search(text)
        assert "-*" in text or "******" in text


def test_reprint_is_marked_as_such_at_the_top() -> None:
    document = build_receipt(sample_receipt("birth", reprint=True))
    assert document.reprint
    assert document.blocks[0] == Banner("재발행")
    assert render_text(document).splitlines()[0].strip() == "*** 재발행 ***"
    assert not any(isinstance(b, Banner) for b in build_receipt(sample_receipt("birth")).blocks)


def test_late_report_fine_is_printed_on_the_receipt() -> None:
    data = replace(sample_receipt("birth"), fine_won=20_000)
    assert Field("과태료", "20,000원", emphasis=True) in build_receipt(data).blocks


def test_unsigned_preview_says_the_qr_comes_with_printing() -> None:
    document = build_receipt(sample_receipt("birth"))
    qr = next(b for b in document.blocks if isinstance(b, QRCode))
    assert qr.data is None and "출력할 때" in qr.caption
    assert document.qr_payloads() == []


def test_control_bytes_in_a_name_become_visible_text() -> None:
    person = PersonLine("child", "김\x1b@\x1dV\x00하늘\x07\u202e", "260301-4******")
    document = build_receipt(replace(sample_receipt("birth"), people=(person,)))
    text = all_text(document)
    assert "김<1B>@<1D>V<00>하늘<07><202E>" in text
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in text if char != "\n")


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_visible_text_never_keeps_a_control_character(name: str) -> None:
    shown = visible_text(name)
    assert all(char.isprintable() or char == " " for char in shown)


@given(st.text(alphabet=st.sampled_from("가나다라마바사 ABCabc0123-·"), max_size=300), st.integers(4, 60))
@settings(max_examples=300)
def test_wrapping_loses_no_character_and_respects_the_width(text: str, width: int) -> None:
    lines = wrap(text, width, cell_width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_width(line) <= width for line in lines)


def test_overlong_name_and_address_are_wrapped_in_the_preview_never_cut() -> None:
    name = "김" * 60
    office = "서울특별시강남구역삼1동주민센터" * 5
    data = replace(sample_receipt("birth"), people=(PersonLine("child", name, None),), office_name=office)
    preview = render_text(build_receipt(data), columns=42)
    assert all(cell_width(line) <= 42 for line in preview.splitlines())
    assert preview.count("김") == 60
    assert preview.replace("\n", "").replace(" ", "").count("서울특별시강남구역삼1동주민센터") == 5


def test_text_preview_keeps_hangul_columns_aligned() -> None:
    preview = render_text(build_receipt(sample_receipt("death")))
    field_lines = [line for line in preview.splitlines() if line.startswith(("접수번호", "사망자", "신청인"))]
    value_columns = {cell_width(line[: line.index(value)]) for line, value in
                     zip(field_lines, ("3220052", "박영수", "박지훈"), strict=True)}
    assert value_columns == {13}


def test_test_page_carries_hangul_a_barcode_and_a_qr() -> None:
    page = build_test_page("카운터1", 576, 203, SAMPLE_FILED_AT)
    assert any(isinstance(b, Title) and b.text == "프린터 시험 인쇄" for b in page.blocks)
    assert any(isinstance(b, Paragraph) and "가나다" in b.text for b in page.blocks)
    assert [b for b in page.blocks if isinstance(b, Barcode)] and page.qr_payloads()
