"""Declarations, people and row counts shared by the death-filing tests."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from counter.catalogue import load_catalogue
from counter.office.runtime import Runtime
from models import (
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)

TODAY = date(2026, 11, 21)  # a Saturday: the night and weekend desks file too
TABLES = (Bundle, Person, DeathReport, HeirApplication, LinkedRequest, PrintJob, OutgoingMessage)
LOCAL_ITEMS = {"land", "vehicle", "local-tax", "building"}
NATIONAL = load_catalogue("national", None)


def registration_no(birth: str, digit: int, serial: str = "23456") -> str:
    """A registration number whose old check digit holds (no checksum warning)."""
    body = [int(c) for c in f"{birth}{digit}{serial}"]
    check = (11 - sum(d * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


DECEASED_RRN = registration_no("400817", 1)
SON_RRN = registration_no("720115", 1)
SPOUSE_RRN = registration_no("450302", 2)
MISSING = object()
PLACE_ADDRESS = "서울특별시 강남구 언주로 211 (○○병원)"
FRIEND_RRN = registration_no("420303", 1)
NEIGHBOUR_RRN = registration_no("480909", 2)
ACQUAINTANCES = [{"name": "최인우", "rrn": FRIEND_RRN}, {"name": "한이웃", "rrn": NEIGHBOUR_RRN}]
"""Two acquaintances who vouch for a death (인우보증), neither the reporter."""


def death_declaration(**changes: Any) -> dict[str, Any]:
    """박영수 (본 밀양, 등록기준지 서울 종로구) died in hospital on 2026-11-10 at 14:30; his son, living with
    him, reports with the death certificate and applies for the inquiry."""
    base: dict[str, Any] = {
        "deceased": {"name": "박영수", "rrn": DECEASED_RRN, "clan_seat": "밀양", "clan_seat_hanja": "密陽",
                     "registration_base": "서울특별시 종로구", "address": "서울특별시 강남구 역삼로 1"},
        "death": {"death_date": "2026-11-10", "death_time": "14:30",
                  "place": {"kind": "medical_institution", "address": PLACE_ADDRESS}, "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "박지훈", "rrn": SON_RRN, "relation": "아들",
                     "address": "서울특별시 강남구 역삼로 1"},
        "inquiry": {
            "heir": "son", "applicant": {"same_as_reporter": True},
            "family": {"relatives": [{"id": "son", "relation": "child", "name": "박지훈"},
                                     {"id": "wife", "relation": "spouse", "name": "김영희"}]},
        },
        "notification": {"phone": "010-2345-6789", "sms": True, "post_address": "서울특별시 강남구 역삼로 1"},
    }
    for path, value in changes.items():
        node = base
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        if value is MISSING:
            node.pop(last, None)
        else:
            node[last] = value
    return copy.deepcopy(base)


def relatives(*rows: dict[str, Any]) -> list[dict[str, Any]]:
    return list(rows)


def rows_by_table(runtime: Runtime) -> dict[str, int]:
    with runtime.db.session() as session:
        return {table.__tablename__: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[attr-defined]
                for table in TABLES}


NOTHING = {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


SON = {"id": "son", "relation": "child", "name": "박지훈"}
