import pickle
from pathlib import Path

import pytest

from pipeline.ingest import errors

ALL = [
    errors.EmptyFileError,
    errors.BinaryFileError,
    errors.DecodeError,
    errors.CorruptPdfError,
    errors.EncryptedPdfError,
    errors.CorruptDocxError,
    errors.UnsupportedFormatError,
]


@pytest.mark.parametrize("cls", ALL)
def test_every_error_is_an_ingest_error_naming_the_file(cls):
    err = cls(Path("reports/r1.pdf"), "is broken")
    assert isinstance(err, errors.IngestError)
    assert isinstance(err, Exception)
    assert err.path == Path("reports/r1.pdf")
    assert err.message == "is broken"
    assert "r1.pdf" in str(err) and "is broken" in str(err)


def test_errors_survive_pickling():
    # Batch runs send errors back from worker processes.
    err = pickle.loads(pickle.dumps(errors.EncryptedPdfError("a/b.pdf", "is encrypted")))
    assert type(err) is errors.EncryptedPdfError
    assert err.path == Path("a/b.pdf") and str(err) == f"{Path('a/b.pdf')}: is encrypted"
