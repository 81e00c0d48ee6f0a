"""Build the tests' small extract of the real O*NET 29.3 and OEWS May 2024 files.

To rerun it (from the repository root):

    .venv/bin/python tests/data/make_extract.py --facts /work/shared/facts

It reads the shared fact folder's `onet/*.txt` and `oews/oews-national-may-2024.csv` (or, without
`--facts`, the byte-identical vendored copies in `roles/data/`) and rewrites `tests/data/onet/`
and `tests/data/oews.csv`. Every line it keeps is copied byte for byte; it only leaves lines out:

- O*NET: the rows of the occupations in `CODES` in every per-occupation file (Related
  Occupations rows keep related codes outside the extract, which the importer skips), the DWAs
  and skills those rows name, and the reference tables whole.
- OEWS: the `total` row, the `major` rows of the extract's groups, and every row an extract
  occupation's wage link can use (its SOC code, its broad code, its combination code).
"""

import argparse
import csv
import io
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENDORED = ROOT / "roles" / "data"

# Legal support roles, their neighbours, and one occupation for each case the tests check.
CODES = (
    "23-2011.00",  # Paralegals and Legal Assistants
    "43-6012.00",  # Legal Secretaries and Administrative Assistants
    "43-9022.00",  # Word Processors and Typists
    "23-2099.00",  # Legal Support Workers, All Other: no tasks, Job Zone or skills
    "23-1011.00",  # Lawyers
    "23-1012.00",  # Judicial Law Clerks
    "23-2093.00",  # Title Examiners, Abstractors, and Searchers
    "27-3092.00",  # Court Reporters and Simultaneous Captioners
    "43-4031.00",  # Court, Municipal, and License Clerks
    "43-6011.00",  # Executive Secretaries and Executive Administrative Assistants
    "43-6014.00",  # Secretaries and Administrative Assistants, Except Legal, Medical, Executive
    "43-4051.00",  # Customer Service Representatives
    "29-1141.00",  # Registered Nurses
    "15-1252.00",  # Software Developers
    "27-2011.00",  # Actors: OEWS publishes hourly wages only
    "25-2021.00",  # Elementary School Teachers: annual wages only
    "29-1212.00",  # Cardiologists: median top-coded
    "15-1299.00",  # Computer Occupations, All Other
    "15-1299.08",  # Computer Systems Engineers/Architects: a specialty under an All Other code
    "13-1021.00",  # Buyers and Purchasing Agents, Farm Products: OEWS broad level only
    "13-1022.00",  # Wholesale and Retail Buyers: the same broad level
    "21-1011.00",  # Substance Abuse and Behavioral Disorder Counselors: an OEWS combination
    "21-1014.00",  # Mental Health Counselors: the same combination; two titles listed twice
    "55-1011.00",  # Air Crew Officers: military, no OEWS
    "31-9092.00",  # Medical Assistants: next moves to licensed practical nurses
    "29-2061.00",  # Licensed Practical and Licensed Vocational Nurses
    "47-2111.00",  # Electricians: next moves to electrical engineering technicians
    "17-3023.00",  # Electrical and Electronic Engineering Technologists and Technicians
    "33-3051.00",  # Police and Sheriff's Patrol Officers: found as "cop"
    "15-1242.00",  # Database Administrators: "database" is no match for "ABA"
    "45-3031.00",  # Fishing and Hunting Workers: no OEWS
)

PER_OCCUPATION = (
    "Occupation Data.txt",
    "Task Statements.txt",
    "Tasks to DWAs.txt",
    "Job Zones.txt",
    "Related Occupations.txt",
    "Alternate Titles.txt",
    "Sample of Reported Titles.txt",
    "Skills.txt",
    "Education, Training, and Experience.txt",
    "Interests.txt",
)
WHOLE = ("Job Zone Reference.txt", "Education, Training, and Experience Categories.txt")
MANIFEST = """\
# A small extract of the O*NET 29.3 files in roles/data/onet/, for the tests (make_extract.py).
release = "29.3"
credit = "This page includes information from the O*NET 29.3 Database by USDOL/ETA. Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
"""


def read_lines(path):
    """The file's lines (with their endings), from the plain file or its `.xz` copy."""
    if path.is_file():
        return path.read_bytes().decode().splitlines(keepends=True)
    return lzma.decompress(Path(f"{path}.xz").read_bytes()).decode().splitlines(keepends=True)


def fields(line, delimiter):
    return next(csv.reader(io.StringIO(line), delimiter=delimiter, quotechar='"'))


def keep(lines, wanted, delimiter="\t"):
    """The header and the lines `wanted(row)` accepts, unchanged; rows are dicts by column."""
    header = fields(lines[0], delimiter)
    kept = [lines[0]]
    for line in lines[1:]:
        if wanted(dict(zip(header, fields(line, delimiter), strict=True))):
            kept.append(line)
    return kept


def write(path, lines):
    path.write_bytes("".join(lines).encode())
    print(f"{path.relative_to(ROOT)}: {len(lines) - 1} rows")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, help="the shared fact folder (onet/ and oews/)")
    options = parser.parse_args()
    onet = options.facts / "onet" if options.facts else VENDORED / "onet"
    oews = options.facts / "oews" if options.facts else VENDORED / "oews"
    out = HERE / "onet"
    out.mkdir(exist_ok=True)
    codes = set(CODES)

    extract = {}
    for name in PER_OCCUPATION:
        extract[name] = keep(read_lines(onet / name), lambda row: row["O*NET-SOC Code"] in codes)
    activity_ids = {fields(line, "\t")[4] for line in extract["Tasks to DWAs.txt"][1:]}
    extract["DWA Reference.txt"] = keep(
        read_lines(onet / "DWA Reference.txt"), lambda row: row["DWA ID"] in activity_ids
    )
    skill_ids = {fields(line, "\t")[2] for line in extract["Skills.txt"][1:]}
    extract["Content Model Reference.txt"] = keep(
        read_lines(onet / "Content Model Reference.txt"), lambda row: row["Element ID"] in skill_ids
    )
    for name in WHOLE:
        extract[name] = read_lines(onet / name)
    for name, lines in sorted(extract.items()):
        write(out / name, lines)
    (out / "manifest.toml").write_text(MANIFEST)

    combinations = {}
    for line in (VENDORED / "oews" / "combinations.csv").read_text().splitlines()[1:]:
        onet_code, oews_code = line.split(",")
        combinations[onet_code] = oews_code
    wanted_codes = {"00-0000"}
    for code in CODES:
        wanted_codes |= {code[:2] + "-0000", code[:7], code[:6] + "0"}
        if code in combinations:
            wanted_codes.add(combinations[code])
    write(
        HERE / "oews.csv",
        keep(
            read_lines(oews / "oews-national-may-2024.csv"),
            lambda row: row["soc_code"] in wanted_codes,
            delimiter=",",
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
