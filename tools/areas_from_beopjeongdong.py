"""Print the 시·도 and 시·군·구 rows of an official 법정동코드 file as `counter/rules/data/areas.tsv` rows.

Reads the 국토교통부 「전국 법정동」 CSV of data.go.kr (dataset 15063424; columns 법정동코드, 시도명,
시군구명, 읍면동명, 리명, 순위, 생성일자, 삭제일자, ...), comma- or tab-separated, UTF-8 or CP949.
Keeps the rows of a 시·도 or 시·군·구 (읍면동명 empty) that are not abolished (삭제일자 empty) and
splits an 일반구 written "수원시장안구" into its city and 구 (the city is the row whose code ends in
0 with the same first four digits). A 특별자치시 (세종) has no 시·군·구: its one row below the 시·도
is written with the 시·도 name alone. Paste the output under the header of areas.tsv and review the diff.

    python tools/areas_from_beopjeongdong.py "국토교통부_전국 법정동_YYYYMMDD.csv" > rows.tsv
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        delimiter = "\t" if "\t" in text.splitlines()[0] else ","
        return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    raise SystemExit(f"{path}: neither UTF-8 nor CP949")


def rows(records: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    """(code, 시·도, 시·군·구, 일반구) of every living 시·도 and 시·군·구, in code order."""
    living = [
        r for r in records
        if not (r.get("읍면동명") or "").strip() and not (r.get("삭제일자") or "").strip()
    ]
    names = {r["법정동코드"][:5]: (r["시도명"].strip(), (r.get("시군구명") or "").strip()) for r in living}
    result = []
    for code, (sido, sigungu) in sorted(names.items()):
        gu = ""
        city = names.get(code[:4] + "0")
        if not code.endswith("0") and city and sigungu.startswith(city[1]) and sigungu != city[1]:
            sigungu, gu = city[1], sigungu[len(city[1]):]
        if sido.endswith("특별자치시"):
            sigungu = ""  # 세종특별자치시 has no 시·군·구: forms write the 시·도 alone
        result.append((code, sido, sigungu, gu))
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for row in rows(_read(Path(argv[0]))):
        out.writerow(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
