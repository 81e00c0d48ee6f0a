"""The tests' occupation catalogue: a small extract of the real O*NET and OEWS files.

`load_test_catalogue()` runs both importers on the extract (built by `tests/data/make_extract.py`),
so any test can have real occupations, tasks and wages in a fraction of a second. `copy_extract()`
makes a changed copy of the O*NET extract for tests of what a new release does.
"""

import csv
import io
import shutil
from pathlib import Path

from roles.importers.oews import import_oews
from roles.importers.onet import import_onet

DATA = Path(__file__).resolve().parent / "data"
ONET_EXTRACT = DATA / "onet"
OEWS_EXTRACT = DATA / "oews.csv"
OCCUPATION_DATA = "Occupation Data.txt"
CODE = "O*NET-SOC Code"

# Occupations in the extract that tests lean on.
PARALEGALS = "23-2011.00"
LEGAL_SECRETARIES = "43-6012.00"
WORD_PROCESSORS = "43-9022.00"
LAWYERS = "23-1011.00"
ACTORS = "27-2011.00"  # OEWS publishes hourly wages only
ELEMENTARY_TEACHERS = "25-2021.00"  # OEWS publishes annual wages only
CARDIOLOGISTS = "29-1212.00"  # median top-coded
COMPUTER_SYSTEMS_ENGINEERS = "15-1299.08"  # a specialty: shows 15-1299's wages
FARM_PRODUCT_BUYERS = "13-1021.00"  # shows the broad 13-1020 wages
SUBSTANCE_ABUSE_COUNSELORS = "21-1011.00"  # shows the 21-1018 combination's wages
AIR_CREW_OFFICERS = "55-1011.00"  # military: no OEWS
FISHING_AND_HUNTING_WORKERS = "45-3031.00"  # no OEWS
MEDICAL_ASSISTANTS = "31-9092.00"
PRACTICAL_NURSES = "29-2061.00"  # Licensed Practical and Licensed Vocational Nurses
REGISTERED_NURSES = "29-1141.00"
ELECTRICIANS = "47-2111.00"
ELECTRICAL_TECHNICIANS = "17-3023.00"  # Electrical and Electronic Engineering Technologists...
COURT_CLERKS = "43-4031.00"  # Court, Municipal, and License Clerks
POLICE_OFFICERS = "33-3051.00"  # Police and Sheriff's Patrol Officers
DATABASE_ADMINISTRATORS = "15-1242.00"


def load_test_catalogue(*, onet=ONET_EXTRACT, oews=OEWS_EXTRACT, out=None):
    """Import the extract (O*NET, then OEWS); returns both `ImportReport`s."""
    return import_onet(onet, out=out), import_oews(oews, out=out)


def table_rows(path):
    """A tab-separated O*NET table's rows as dicts (for counting what the files say)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def copy_extract(directory, *, without=(), edit=None):
    """Copy the O*NET extract to `directory`, leaving out every row of the codes in `without`.

    `edit(filename, row)` may change a row (a dict by column) in place before it is written.
    Returns `directory`.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for source in ONET_EXTRACT.iterdir():
        if source.suffix != ".txt":
            shutil.copy(source, directory / source.name)
            continue
        with open(source, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            rows = [row for row in reader if row.get(CODE) not in without]
            header = reader.fieldnames
        if edit is not None:
            for row in rows:
                edit(source.name, row)
        output = io.StringIO()
        writer = csv.DictWriter(output, header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (directory / source.name).write_text(output.getvalue(), encoding="utf-8")
    return directory
