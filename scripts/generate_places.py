"""Generate Vietnam administrative-unit reference data from the `vietnam-provinces` package.

Writes, under ``campaign/data/``:

* ``administrative_units.csv`` -- every unit of both schemes, columns
  ``scheme,level,code,name,full_name,division_type,parent_code``:

  - ``pre2025``: the 3-level scheme in force before 1 July 2025
    (province -> district -> commune);
  - ``post2025``: the 2-level scheme from 1 July 2025 (province -> commune).

* ``unit_successions.csv`` -- old (pre2025) -> new (post2025) succession pairs
  exactly as the package carries them (province level and commune level; one
  row per old/new pair), columns ``old_level,old_code,new_level,new_code``.

* ``SOURCE.txt`` -- which package version produced the data and how.

Codes are the official GSO codes as zero-padded strings (province 2 digits,
district 3, commune 5), taken from the package's enum member names
(``P_01``, ``D_269``, ``W_09619``). All text is NFC-normalised. Output is
sorted and byte-for-byte reproducible for a given package version.

How to run (the package needs Python >= 3.12; use a throwaway venv)::

    python3.12 -m venv /tmp/vnp-venv
    /tmp/vnp-venv/bin/pip install 'vietnam-provinces>=2026,<2027'
    /tmp/vnp-venv/bin/python scripts/generate_places.py

Run it from the repository root (or anywhere: paths are resolved relative to
this file). Only the standard library and `vietnam-provinces` are used.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import Province as NewProvince
from vietnam_provinces import Ward as NewWard

# The conversion tables have no public iterator; they are plain dicts in these
# (underscore-prefixed) modules of the package.
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion
from vietnam_provinces.legacy import District as OldDistrict
from vietnam_provinces.legacy import Province as OldProvince
from vietnam_provinces.legacy import Ward as OldWard

PACKAGE = "vietnam-provinces"
PACKAGE_SPEC = "'vietnam-provinces>=2026,<2027'"

DATA_DIR = Path(__file__).resolve().parent.parent / "campaign" / "data"
UNITS_CSV = DATA_DIR / "administrative_units.csv"
SUCCESSIONS_CSV = DATA_DIR / "unit_successions.csv"
SOURCE_TXT = DATA_DIR / "SOURCE.txt"

UNITS_HEADER = ["scheme", "level", "code", "name", "full_name", "division_type", "parent_code"]
SUCCESSIONS_HEADER = ["old_level", "old_code", "new_level", "new_code"]

SCHEME_ORDER = {"pre2025": 0, "post2025": 1}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

# Prefix that starts a unit's full name, per division type (the package's
# division_type values). Matched case-insensitively: the package has a few
# names with a wrongly-cased prefix ("Thành Phố Bắc Kạn", "xã Bắc Sơn"),
# which are rewritten with the canonical prefix below.
NAME_PREFIX = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "thành phố": "Thành phố",
    "quận": "Quận",
    "huyện": "Huyện",
    "thị xã": "Thị xã",
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def code_str(code, level: str) -> str:
    """Zero-padded code string as the package's enum member name gives it (P_01, D_269, W_09619)."""
    text = code.name.split("_", 1)[1]
    if text != format(int(code), f"0{CODE_WIDTH[level]}d"):
        raise ValueError(f"Unexpected {level} code format: {code.name}")
    return text


def pad(code: int, level: str) -> str:
    """Zero-pad a bare integer code (conversion tables carry ints, not enums)."""
    return format(int(code), f"0{CODE_WIDTH[level]}d")


def split_name(full_name: str, division_type: str) -> tuple[str, str]:
    """Return (short name, full name with canonical prefix)."""
    full_name = nfc(" ".join(full_name.split()))
    prefix = NAME_PREFIX[division_type]
    if not full_name.lower().startswith(prefix.lower() + " "):
        raise ValueError(f"{full_name!r} does not start with the {division_type!r} prefix")
    short = full_name[len(prefix) + 1 :].strip()
    return short, f"{prefix} {short}"


def unit_row(scheme: str, level: str, unit, parent_code: str) -> dict[str, str]:
    division_type = nfc(unit.division_type.value).lower()
    name, full_name = split_name(unit.name, division_type)
    return {
        "scheme": scheme,
        "level": level,
        "code": code_str(unit.code, level),
        "name": name,
        "full_name": full_name,
        "division_type": division_type,
        "parent_code": parent_code,
    }


def build_units() -> list[dict[str, str]]:
    rows = []
    for p in OldProvince.iter_all():
        rows.append(unit_row("pre2025", "province", p, ""))
    for d in OldDistrict.iter_all():
        rows.append(unit_row("pre2025", "district", d, code_str(d.province_code, "province")))
    for w in OldWard.iter_all():
        rows.append(unit_row("pre2025", "commune", w, code_str(w.district_code, "district")))
    for p in NewProvince.iter_all():
        rows.append(unit_row("post2025", "province", p, ""))
    for w in NewWard.iter_all():
        rows.append(unit_row("post2025", "commune", w, code_str(w.province_code, "province")))
    rows.sort(key=lambda r: (SCHEME_ORDER[r["scheme"]], LEVEL_ORDER[r["level"]], r["code"]))
    return rows


def build_successions() -> list[dict[str, str]]:
    pairs: set[tuple[str, str, str, str]] = set()
    # Province level: old province -> new province(s), both directions of the table.
    for old_code, entry in province_conversion.OLD_TO_NEW.items():
        for new in entry.new_provinces:
            pairs.add(
                ("province", pad(old_code, "province"), "province", pad(new.code, "province"))
            )
    for new_code, entry in province_conversion.NEW_TO_OLD.items():
        for old in entry.old_provinces:
            pairs.add(
                ("province", pad(old.code, "province"), "province", pad(new_code, "province"))
            )
    # Commune level: old commune -> new commune(s); a split commune yields one row per new commune.
    for old_code, entry in ward_conversion.OLD_TO_NEW.items():
        for new in entry.new_wards:
            pairs.add(("commune", pad(old_code, "commune"), "commune", pad(new.code, "commune")))
    for new_code, entry in ward_conversion.NEW_TO_OLD.items():
        for old in entry.old_wards:
            pairs.add(("commune", pad(old.code, "commune"), "commune", pad(new_code, "commune")))
    ordered = sorted(pairs, key=lambda p: (LEVEL_ORDER[p[0]], p[1], LEVEL_ORDER[p[2]], p[3]))
    return [dict(zip(SUCCESSIONS_HEADER, p, strict=True)) for p in ordered]


def check_units(rows: list[dict[str, str]]) -> None:
    keys = Counter((r["scheme"], r["level"], r["code"]) for r in rows)
    dupes = [k for k, n in keys.items() if n > 1]
    if dupes:
        raise SystemExit(f"Duplicate (scheme, level, code): {dupes}")
    parent_level = {
        ("pre2025", "district"): "province",
        ("pre2025", "commune"): "district",
        ("post2025", "commune"): "province",
    }
    for r in rows:
        want = parent_level.get((r["scheme"], r["level"]))
        if want is None:
            ok = r["parent_code"] == ""
        else:
            ok = (r["scheme"], want, r["parent_code"]) in keys
        if not ok:
            raise SystemExit(f"Bad parent_code in row {r}")


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    pkg_version = version(PACKAGE)
    if not pkg_version.startswith("2026."):
        print(f"warning: expected {PACKAGE} 2026.x, found {pkg_version}", file=sys.stderr)

    units = build_units()
    check_units(units)
    successions = build_successions()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(UNITS_CSV, UNITS_HEADER, units)
    write_csv(SUCCESSIONS_CSV, SUCCESSIONS_HEADER, successions)
    SOURCE_TXT.write_text(
        f"package: {PACKAGE}=={pkg_version}\n"
        f"package data version: {getattr(vietnam_provinces, '__data_version__', 'unknown')}\n"
        f"succession effective date: {ward_conversion.EFFECTIVE_DATE}\n"
        f"succession source table: {getattr(ward_conversion, 'SOURCE', 'unknown')}\n"
        f"generated by: python3.12 -m venv /tmp/vnp-venv && "
        f"/tmp/vnp-venv/bin/pip install {PACKAGE_SPEC} && "
        f"/tmp/vnp-venv/bin/python scripts/generate_places.py\n",
        encoding="utf-8",
    )

    counts = Counter((r["scheme"], r["level"]) for r in units)
    for (scheme, level), n in sorted(
        counts.items(), key=lambda kv: (SCHEME_ORDER[kv[0][0]], LEVEL_ORDER[kv[0][1]])
    ):
        print(f"{scheme:9} {level:9} {n:6}")
    print(f"successions: {len(successions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
