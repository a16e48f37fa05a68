"""Every write to the registry that matters goes through here."""

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from .enums import ConsentType, RegionalGroup, TreatyStatusKind
from .models import Instrument, State, TreatyStatus


class RegistryError(Exception):
    """A change the registry refuses; the message is for the user."""


@transaction.atomic
def record_treaty_status(
    *,
    state: State,
    instrument: Instrument,
    status: str,
    as_of: dt.date,
    source: str,
    recorded_by=None,
    signature_date: dt.date | None = None,
    consent_date: dt.date | None = None,
    consent_type: str = "",
    note: str = "",
) -> TreatyStatus:
    """Record a State's status under an instrument; the previous one stays as history."""
    if status not in TreatyStatusKind.values:
        raise RegistryError(f"Unknown status {status!r}.")
    if consent_type and consent_type not in ConsentType.values:
        raise RegistryError(f"Unknown consent type {consent_type!r}.")
    if not source.strip():
        raise RegistryError("Every treaty status needs its source.")
    if status == TreatyStatusKind.PARTY and consent_date is None:
        raise RegistryError(
            "A party needs the date of its instrument of ratification, acceptance, approval or accession."
        )
    if consent_date and as_of < consent_date:
        raise RegistryError("The as-of date cannot be earlier than the date of consent.")
    # lock: two officers saving at once must not leave two current rows
    TreatyStatus.objects.select_for_update().current().filter(state=state, instrument=instrument).update(
        superseded_at=timezone.now()
    )
    return TreatyStatus.objects.create(
        state=state,
        instrument=instrument,
        status=status,
        signature_date=signature_date,
        consent_date=consent_date,
        consent_type=consent_type,
        as_of=as_of,
        source=source.strip(),
        note=note,
        recorded_by=recorded_by,
    )


@transaction.atomic
def set_review_participation(
    *, state: State, review_group: str, subject_to_review: bool, decision_reference: str
) -> State:
    """Record the group a party belongs to for the review, and whether it is reviewed (docs/rules.md)."""
    if review_group and review_group not in RegionalGroup.values:
        raise RegistryError(f"Unknown regional group {review_group!r}.")
    if not decision_reference.strip():
        raise RegistryError("Give the reference of the decision.")
    state.review_group = review_group
    state.subject_to_review = subject_to_review
    state.review_decision_reference = decision_reference.strip()
    state.save(update_fields=["review_group", "subject_to_review", "review_decision_reference"])
    return state


IMPORT_COLUMNS = ["code", "instrument", "status", "signature_date", "consent_date", "consent_type", "as_of", "source"]


# the longest source the form takes (TreatyStatusForm.source): an import row keeps to the same
SOURCE_MAX_LENGTH = 500


def _csv_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """The rows with their number (the header is row 1); a row the csv module cannot read is refused by number."""
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RegistryError(f"Row {number}: {_csv_problem(error)}") from None
        yield number, row


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a field is longer than {csv.field_size_limit():,} characters, far more than any column needs."
    return f"cannot be read as CSV ({error})."


@transaction.atomic
def import_treaty_statuses(*, text: str, recorded_by=None) -> int:
    """Import statuses from CSV text (columns IMPORT_COLUMNS); all rows or none."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise RegistryError(f"Row 1 (header): {_csv_problem(error)}") from None
    missing = [c for c in IMPORT_COLUMNS if c not in fieldnames]
    if missing:
        raise RegistryError(f"Row 1 (header): missing column(s) {', '.join(missing)}.")
    states = {s.code: s for s in State.objects.all()}
    instruments = {i.code: i for i in Instrument.objects.all()}
    count = 0
    for number, row in _csv_rows(reader):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if any("\x00" in v for v in row.values()):
            # PostgreSQL refuses NUL in text: refuse the row here rather than fail half-way
            raise RegistryError(f"Row {number}: contains a NUL character (U+0000), which cannot be stored.")
        if len(row["source"]) > SOURCE_MAX_LENGTH:
            raise RegistryError(f"Row {number}: the source is longer than {SOURCE_MAX_LENGTH} characters.")
        state = states.get(row["code"])
        if state is None:
            raise RegistryError(f"Row {number}: unknown State code {row['code']!r}.")
        instrument = instruments.get(row["instrument"].upper())
        if instrument is None:
            raise RegistryError(f"Row {number}: unknown instrument {row['instrument']!r}.")
        try:
            dates = {
                k: dt.date.fromisoformat(row[k]) if row[k] else None
                for k in ("signature_date", "consent_date", "as_of")
            }
        except ValueError:
            raise RegistryError(f"Row {number}: dates must be written YYYY-MM-DD.") from None
        if dates["as_of"] is None:
            raise RegistryError(f"Row {number}: the as-of date is missing.")
        try:
            record_treaty_status(
                state=state,
                instrument=instrument,
                status=row["status"],
                as_of=dates["as_of"],
                signature_date=dates["signature_date"],
                consent_date=dates["consent_date"],
                consent_type=row["consent_type"],
                source=row["source"],
                recorded_by=recorded_by,
            )
        except RegistryError as error:
            raise RegistryError(f"Row {number}: {error}") from None
        count += 1
    return count
