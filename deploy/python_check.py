"""Does this Python parse tar pax headers in linear time? (CVE-2024-6232)

CPython before 3.8.20, 3.9.20, 3.10.15, 3.11.10 and 3.12.6 parses a crafted pax header in time
quadratic in its size: a few kilobytes of gzip can keep a process busy for minutes. Distributions
backport the fix without changing the version number, so the version cannot tell; instead we
parse a small crafted header. A fixed tarfile refuses it as malformed; an affected one accepts it.
"""

from __future__ import annotations

import io
import sys
import tarfile

PROBE_RECORDS = 200  # enough to tell the parsers apart, far too few to take measurable time


def _probe_archive() -> bytes:
    # Records "3 a" claim 3 bytes but have no "=" and no newline: malformed for any pax
    # reader; only the affected parser looks ahead for an "=" and accepts them.
    records = b"3 a" * PROBE_RECORDS + b"=x\n"
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = len(records)
    member = tarfile.TarInfo("probe.txt")
    return (
        header.tobuf(format=tarfile.USTAR_FORMAT)
        + records
        + b"\0" * (-len(records) % 512)
        + member.tobuf(format=tarfile.USTAR_FORMAT)
        + b"\0" * 1024
    )


def tar_headers_safe() -> bool:
    """True when this Python's tarfile refuses the crafted header (the fixed parser)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(_probe_archive()), mode="r:") as tar:
            tar.getmembers()
    except tarfile.TarError:
        return True
    return False


def python_status() -> str:
    version = ".".join(map(str, sys.version_info[:3]))
    if tar_headers_safe():
        return f"Python {version}: tar header parsing has the fix for CVE-2024-6232."
    return (
        f"Python {version}: tar header parsing is affected by CVE-2024-6232 (crafted archives take minutes "
        "of CPU to read). Uploaded archives are checked in a separate process with a CPU-time limit, but "
        "a public server should run a fixed Python (3.11.10+, 3.12.6+ or 3.13; the Docker image has one)."
    )
