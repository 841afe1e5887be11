"""Provides where progress lives: the data directory and whether a network filesystem holds it.

The directory is `--data-dir`, else `TUTOR_DATA_DIR`, else platformdirs' user data directory
(which follows `XDG_DATA_HOME`). Everything is resolved when a function is called; nothing is
created here, so `tutor --version` and imports leave the disk alone.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

APP_NAME = "dl-tutor"
ENV_VAR = "TUTOR_DATA_DIR"
PROC_MOUNTS = Path("/proc/mounts")

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "lustre",
        "gpfs",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "beegfs",
        "9p",
    }
)
"""Filesystem types on which SQLite's WAL mode is unsafe (its shared-memory index needs one host).

9p is how WSL2 and some VMs share host folders; its locking is as unreliable as NFS's.
"""

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


class DataDirChoice(NamedTuple):
    """The data directory and which setting chose it: "--data-dir", ENV_VAR or "default"."""

    path: Path
    origin: str


class Mount(NamedTuple):
    """One line of /proc/mounts, with the kernel's octal escapes (\\040 for space) undone."""

    device: str
    mount_point: str
    fs_type: str


def choose_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> DataDirChoice:
    """The data directory: `--data-dir` > TUTOR_DATA_DIR > the platform's user data directory.

    `~` is expanded and a relative path is made absolute against the current directory.
    An empty value counts as unset.
    """
    env = os.environ if environ is None else environ
    if cli_value is not None and str(cli_value):
        return DataDirChoice(_absolute(cli_value), "--data-dir")
    if env.get(ENV_VAR):
        return DataDirChoice(_absolute(env[ENV_VAR]), ENV_VAR)
    return DataDirChoice(_absolute(_platform_data_dir(env)), "default")


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The data directory path alone (see `choose_data_dir`)."""
    return choose_data_dir(cli_value, environ).path


def parse_mounts(text: str) -> tuple[Mount, ...]:
    """The mounts listed in /proc/mounts text, in file order; malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        device, mount_point, fs_type = (_unescape(part) for part in parts[:3])
        mounts.append(Mount(device, mount_point, fs_type))
    return tuple(mounts)


def mount_of(path: str | os.PathLike[str], mounts: tuple[Mount, ...]) -> Mount | None:
    """The mount holding `path`: the longest mount point above it; the last one listed wins.

    The path need not exist (symbolic links in its existing part are followed), so this can
    be asked before the data directory is created.
    """
    target = os.path.realpath(os.fspath(path))
    best: Mount | None = None
    for mount in mounts:
        if _is_under(target, mount.mount_point) and (
            best is None or len(mount.mount_point) >= len(best.mount_point)
        ):
            best = mount
    return best


def network_filesystem(
    path: str | os.PathLike[str], mounts_path: str | os.PathLike[str] = PROC_MOUNTS
) -> str | None:
    """The type of the network filesystem holding `path` ("nfs4", "cifs", ...), else None.

    Returns None when the mounts table cannot be read (macOS, Windows): WAL is then used.
    """
    try:
        text = Path(mounts_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    mount = mount_of(path, parse_mounts(text))
    if mount is None:
        return None
    fs_type = mount.fs_type
    if fs_type == "fuse" and mount.device.startswith("sshfs#"):
        fs_type = "fuse.sshfs"
    return fs_type if fs_type in NETWORK_FILESYSTEMS else None


def storage_description(
    data_dir: str | os.PathLike[str], mounts_path: str | os.PathLike[str] = PROC_MOUNTS
) -> str:
    """One line for `tutor --version`: the journal progress uses in `data_dir`, and why."""
    network = network_filesystem(data_dir, mounts_path)
    if network is None:
        return "progress journal: WAL"
    return f"progress journal: rollback (network filesystem {network}; WAL does not work there)"


def storage_report(choice: DataDirChoice, mounts_path: str | os.PathLike[str] = PROC_MOUNTS) -> str:
    """Two lines: where progress is kept (and which setting chose it) and its journal."""
    origin = "platform default" if choice.origin == "default" else f"from {choice.origin}"
    description = storage_description(choice.path, mounts_path)
    return f"data directory: {choice.path} ({origin})\n{description}"


def _platform_data_dir(env: Mapping[str, str]) -> str:
    """platformdirs' user data directory; XDG_DATA_HOME from `env` is honoured on Linux/BSD."""
    import platformdirs  # deferred: only needed when no directory was given

    xdg = env.get("XDG_DATA_HOME", "").strip()
    if xdg and not sys.platform.startswith(("darwin", "win")):
        return os.path.join(xdg, APP_NAME)  # what platformdirs does, but from `env`
    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def _absolute(value: str | os.PathLike[str]) -> Path:
    return Path(os.path.expanduser(os.fspath(value))).absolute()


def _unescape(field: str) -> str:
    return _OCTAL_ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), field)


def _is_under(path: str, mount_point: str) -> bool:
    if mount_point == "/":
        return path.startswith("/")
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")
