#!/usr/bin/env python3
"""Writes population.json: the sandbox's synthetic population (no real person), reproducible from a fixed seed.

The three demo citizens and the demo officials come first; then generated people with well-formed 12-digit
personal IDs (province of birth registration, gender/century digit, birth year, six digits) living in Hanoi's
wards and communes from the platform's administrative-units data set.
Run from this folder: python3 generate-population.py
"""
import json
import random
from pathlib import Path

UNITS = Path(__file__).resolve().parents[3] / "modules/AdministrativeUnits/Data/vn-admin-units-2026.json"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_MALE = ["Văn", "Minh", "Đức", "Quốc", "Hữu", "Công", "Thành", "Gia", "Xuân", "Anh"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hải", "Diệu", "Bảo", "Khánh"]
GIVEN_MALE = ["An", "Bảo", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Khang", "Khoa", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt"]
GIVEN_FEMALE = ["Anh", "Bình", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến"]
STREETS = ["Phố Huế", "Hàng Bài", "Đội Cấn", "Kim Mã", "Láng Hạ", "Nguyễn Trãi", "Giải Phóng", "Trần Duy Hưng", "Xuân Thủy", "Lạc Long Quân", "Nguyễn Văn Cừ", "Minh Khai", "Tây Sơn", "Hoàng Quốc Việt", "Phạm Văn Đồng", "Quang Trung"]
# Provinces of birth registration that kept their code in the 2025 reform (CCCD prefix = "0" + province code).
BIRTH_PROVINCES = ["001"] * 8 + ["031", "022", "038", "040", "046", "048", "079", "092"]


def gender_century_digit(gender, year):
    return (0 if year < 2000 else 2) + (1 if gender == "female" else 0)


def person(pid, name, gender, dob, ward, street, number, phone, origin="Thành phố Hà Nội"):
    return {
        "personalId": pid,
        "fullName": name,
        "dateOfBirth": dob,
        "gender": gender,
        "nationality": "Việt Nam",
        "placeOfOrigin": origin,
        "phone": phone,
        "permanentAddress": {
            "line": f"Số {number} {street}",
            "wardCode": ward["Code"],
            "wardName": ward["FullName"],
            "provinceCode": "01",
            "provinceName": "Thành phố Hà Nội",
        },
    }


def main():
    units = json.loads(UNITS.read_text(encoding="utf-8"))
    hanoi = next(unit for unit in units if unit["Code"] == "01")
    provinces = {unit["Code"]: unit["FullName"] for unit in units}
    wards = {ward["Code"]: ward for ward in hanoi["Wards"]}
    rng = random.Random(20260701)
    people = [
        person("001090012345", "Nguyễn Văn An", "male", "1990-03-14", wards["00004"], "Đội Cấn", 12, "0912000001"),
        person("001195012346", "Trần Thị Bình", "female", "1995-08-02", wards["00070"], "Hàng Bài", 5, "0912000002"),
        person("001302012347", "Lê Minh Châu", "female", "2002-11-20", wards["00008"], "Kim Mã", 88, "0912000003"),
        # Officials of the demo agencies (their own personal IDs, to sign as heads of Ba Đình and Hoàn Kiếm).
        person("001078012348", "Hoàng Quốc Hùng", "male", "1978-05-09", wards["00004"], "Quán Thánh", 21, "0912000004"),
        person("001082012349", "Đặng Văn Minh", "male", "1982-01-27", wards["00070"], "Lý Thường Kiệt", 40, "0912000005"),
    ]
    used = {p["personalId"] for p in people}
    ward_list = list(wards.values())
    while len(people) < 400:
        gender = rng.choice(["male", "female"])
        year = rng.randint(1940, 2024)
        birth_province = rng.choice(BIRTH_PROVINCES)
        pid = f"{birth_province}{gender_century_digit(gender, year)}{year % 100:02d}{rng.randint(0, 999999):06d}"
        if pid in used:
            continue
        used.add(pid)
        middle = rng.choice(MIDDLE_MALE if gender == "male" else MIDDLE_FEMALE)
        given = rng.choice(GIVEN_MALE if gender == "male" else GIVEN_FEMALE)
        name = f"{rng.choice(FAMILY)} {middle} {given}"
        dob = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"09{rng.randint(0, 99999999):08d}"
        people.append(person(pid, name, gender, dob, rng.choice(ward_list), rng.choice(STREETS), rng.randint(1, 300), phone, provinces[birth_province[1:]]))
    Path(__file__).with_name("population.json").write_text(
        json.dumps(people, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


main()
