"""The lock files (scripts/lock/, README "Supply chain") hold what pyproject.toml asks for, each
package pinned to one version with its hashes, the same version in both; and the tests run with
exactly the test lock's versions."""

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "scripts/lock/requirements.txt"
TEST_LOCK = ROOT / "scripts/lock/requirements-test.txt"

# Which extras of pyproject.toml each lock holds, beside the dependencies and the build system's.
LOCK_EXTRAS = {LOCK: ["prod"], TEST_LOCK: ["test"]}


@dataclass(frozen=True)
class Locked:
    requirement: str
    version: str | None  # None: not pinned to one version with ==
    hashes: tuple[str, ...]


def read_lock(text: str) -> dict[str, Locked]:
    """The packages of a pip requirements file, by canonical name."""
    locked = {}
    logical = re.sub(r"\\\n", " ", text)
    for line in logical.splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if not line:
            continue
        if line.startswith("-"):
            raise ValueError(f"an option in a lock file: {line}")
        requirement_part, *options = re.split(r"\s+(?=--)", line)
        requirement = Requirement(requirement_part)
        pins = [s.version for s in requirement.specifier if s.operator in ("==", "===")]
        hashes = tuple(o.removeprefix("--hash=") for o in options if o.startswith("--hash="))
        name = canonicalize_name(requirement.name)
        if name in locked:
            raise ValueError(f"{name} twice in a lock file")
        locked[name] = Locked(str(requirement), pins[0] if len(pins) == 1 else None, hashes)
    return locked


def required(pyproject: dict, extras: list[str]) -> list[Requirement]:
    """What pyproject.toml asks for: the dependencies, the given extras and the build system."""
    project = pyproject["project"]
    texts = [*project["dependencies"], *pyproject["build-system"]["requires"]]
    for extra in extras:
        texts += project["optional-dependencies"][extra]
    return [r for r in map(Requirement, texts) if r.marker is None or r.marker.evaluate()]


def lock_problems(pyproject: dict, extras: list[str], locked: dict[str, Locked]) -> list[str]:
    """Each requirement of pyproject.toml the lock does not satisfy, and each package of the lock
    not pinned to one version with at least one hash (pip's --require-hashes refuses those)."""
    problems = []
    for requirement in required(pyproject, extras):
        entry = locked.get(canonicalize_name(requirement.name))
        if entry is None:
            problems.append(f"{requirement} is not in the lock")
        elif entry.version is not None and not requirement.specifier.contains(
            entry.version, prereleases=True
        ):
            problems.append(f"{requirement}: the lock has {entry.version}")
    for name, entry in locked.items():
        if entry.version is None:
            problems.append(f"{entry.requirement}: not pinned with ==")
        if not any(h.startswith("sha256:") for h in entry.hashes):
            problems.append(f"{name}: no sha256 hash")
    return problems


def extra_problems(pyproject: dict, extras: list[str], locked: dict[str, Locked]) -> list[str]:
    """What an extra asked for in pyproject.toml (psycopg[binary]) brings, read from the installed
    distribution's metadata: --strip-extras locks it as packages of their own."""
    problems = []
    for requirement in required(pyproject, extras):
        for extra in requirement.extras:
            for text in metadata.requires(requirement.name) or []:
                brought = Requirement(text)
                if brought.marker is None or not brought.marker.evaluate({"extra": extra}):
                    continue
                if brought.marker.evaluate({"extra": ""}):
                    continue  # not the extra's: a plain dependency, or one of another marker
                if canonicalize_name(brought.name) not in locked:
                    problems.append(f"{brought.name} ({requirement}) is not in the lock")
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.mark.parametrize("lock", [LOCK, TEST_LOCK], ids=lambda p: p.name)
def test_the_lock_holds_what_pyproject_asks_for_pinned_and_hashed(pyproject, lock):
    locked = read_lock(lock.read_text())
    problems = lock_problems(pyproject, LOCK_EXTRAS[lock], locked)
    problems += extra_problems(pyproject, LOCK_EXTRAS[lock], locked)
    assert not problems, f"{lock.relative_to(ROOT)} (run `make lock`): " + "; ".join(problems)


def test_production_runs_the_versions_the_tests_ran_with():
    production, tests = read_lock(LOCK.read_text()), read_lock(TEST_LOCK.read_text())
    differ = [
        f"{name} {entry.version} (tests {tests[name].version})"
        for name, entry in production.items()
        if name in tests and tests[name].version != entry.version
    ]
    assert not differ, "the production lock differs from the test lock: " + ", ".join(differ)
    assert "gunicorn" in production


def test_the_tests_run_with_the_locked_versions():
    """`make test` installs the test lock; a package at another version means this environment
    was not installed from it (or the lock changed since: `make test` reinstalls)."""
    not_locked = []
    for name, entry in read_lock(TEST_LOCK.read_text()).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != entry.version:
            not_locked.append(f"{name} {installed} (locked {entry.version})")
    assert not not_locked, "installed beside the test lock: " + ", ".join(not_locked)


HASH = "--hash=sha256:" + "0" * 64


def test_the_check_names_what_the_lock_lacks():
    pyproject = {
        "build-system": {"requires": ["setuptools>=69"]},
        "project": {
            "dependencies": ["Flask>=3.1,<4", "zxcvbn>=4.4", "pygal>=3 ; python_version < '3'"],
            "optional-dependencies": {"test": ["pytest>=8"], "prod": ["gunicorn>=22"]},
        },
    }
    lock = read_lock(
        "# a comment\n"
        f"flask==3.0.3 \\\n    {HASH}\n    # via campaign (pyproject.toml)\n"
        f"pytest==9.2.0 \\\n    {HASH}\n"
        "werkzeug>=3\n"
        f"setuptools==84.2.1 \\\n    {HASH}\n"
    )
    assert lock_problems(pyproject, ["test"], lock) == [
        "Flask<4,>=3.1: the lock has 3.0.3",
        "zxcvbn>=4.4 is not in the lock",
        "werkzeug>=3: not pinned with ==",
        "werkzeug: no sha256 hash",
    ]
    assert "gunicorn>=22 is not in the lock" in lock_problems(pyproject, ["prod"], lock)
    with pytest.raises(ValueError, match="twice"):
        read_lock(f"Flask==3.1.3 {HASH}\nflask==3.1.3 {HASH}\n")
    with pytest.raises(ValueError, match="an option"):
        read_lock("--extra-index-url file:///opt/pypi/simple\n")


SECURITY_LOCK = ROOT / "scripts/lock/requirements-security.txt"


def test_the_scanners_lock_holds_its_pins_each_package_pinned_and_hashed():
    """`make security` installs sqlmap and wapiti from their own lock, apart from the app's."""
    asked = [
        line
        for line in (ROOT / "scripts/lock/requirements-security.in").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pyproject = {"build-system": {"requires": []}, "project": {"dependencies": asked}}
    locked = read_lock(SECURITY_LOCK.read_text())
    problems = lock_problems(pyproject, [], locked)
    assert {"sqlmap", "wapiti3"} <= set(locked)
    assert not problems, f"{SECURITY_LOCK.relative_to(ROOT)} (run `make lock`): " + "; ".join(
        problems
    )
