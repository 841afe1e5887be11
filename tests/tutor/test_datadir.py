"""Tests of the data directory choice and of network filesystem detection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.datadir import (
    ENV_VAR,
    DataDirChoice,
    choose_data_dir,
    mount_of,
    network_filesystem,
    parse_mounts,
    resolve_data_dir,
    storage_description,
    storage_report,
)

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
auto.home /home autofs rw,relatime,fd=7,pgrp=1 0 0
fs1.lab.example:/export/home /home nfs4 rw,relatime,vers=4.2,rsize=1048576 0 0
/dev/vdb1 /home/ada/scratch xfs rw,relatime 0 0
/dev/vdc1 /home2 ext4 rw,relatime 0 0
//files.example/share /mnt/my\\040share cifs rw,relatime,vers=3.1.1 0 0
sshfs#ada@login:/data /mnt/remote fuse rw,nosuid,nodev,user_id=1000 0 0
ada@login:/w /mnt/work fuse.sshfs rw,nosuid,nodev 0 0
lustre01@o2ib:/scratch /lustre lustre rw,flock 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
"""


@pytest.fixture
def mounts_file(tmp_path: Path) -> Path:
    path = tmp_path / "mounts"
    path.write_text(MOUNTS)
    return path


def test_cli_value_beats_environment(tmp_path: Path) -> None:
    env = {ENV_VAR: str(tmp_path / "env"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    choice = choose_data_dir(tmp_path / "cli", env)
    assert choice == DataDirChoice(tmp_path / "cli", "--data-dir")


def test_environment_beats_default(tmp_path: Path) -> None:
    env = {ENV_VAR: str(tmp_path / "env"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert choose_data_dir(None, env) == DataDirChoice(tmp_path / "env", ENV_VAR)


@pytest.mark.skipif(sys.platform.startswith(("darwin", "win")), reason="XDG is for Linux/BSD")
def test_default_follows_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert choose_data_dir() == DataDirChoice(tmp_path / "xdg" / "dl-tutor", "default")


@pytest.mark.skipif(sys.platform.startswith(("darwin", "win")), reason="XDG is for Linux/BSD")
def test_default_without_xdg_is_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_data_dir() == tmp_path / ".local" / "share" / "dl-tutor"


def test_empty_values_count_as_unset(tmp_path: Path) -> None:
    env = {ENV_VAR: "", "XDG_DATA_HOME": str(tmp_path)}
    choice = choose_data_dir("", env)
    assert choice.origin == "default"


def test_tilde_is_expanded_and_relative_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("~/progress", {}) == tmp_path / "home" / "progress"
    assert resolve_data_dir(None, {ENV_VAR: "rel/dir"}) == tmp_path / "rel" / "dir"


def test_import_and_resolution_create_nothing(tmp_path: Path) -> None:
    """Importing the modules and resolving the directory leave the disk alone."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop(ENV_VAR, None)
    code = (
        "import sys, tutor.datadir as d, tutor.progress\n"
        "print(d.resolve_data_dir(), d.storage_report(d.choose_data_dir()))\n"
        "assert not any(m in sys.modules for m in ('textual', 'rich', 'sympy')), sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    assert list(tmp_path.iterdir()) == []


def test_parse_mounts_undoes_octal_escapes() -> None:
    mounts = parse_mounts(MOUNTS + "garbage-line\n")
    assert len(mounts) == 11
    cifs = next(m for m in mounts if m.fs_type == "cifs")
    assert cifs.mount_point == "/mnt/my share"
    assert cifs.device == "//files.example/share"


def test_the_last_of_stacked_mounts_wins() -> None:
    """autofs lists the trigger first and the real NFS mount after it, on the same point."""
    mount = mount_of("/home/ada/.local/share/dl-tutor", parse_mounts(MOUNTS))
    assert mount is not None
    assert mount.fs_type == "nfs4"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/ada/.local/share/dl-tutor", "nfs4"),
        ("/home", "nfs4"),
        ("/home/ada/scratch/dl-tutor", None),  # a local disk mounted inside the NFS home
        ("/home2/ada/dl-tutor", None),  # a sibling whose name starts like /home
        ("/mnt/my share/dl-tutor", "cifs"),
        ("/mnt/remote/dl-tutor", "fuse.sshfs"),  # old-style sshfs: type fuse, device sshfs#
        ("/mnt/work/x", "fuse.sshfs"),
        ("/lustre/ada/not/created/yet", "lustre"),
        ("/var/lib/dl-tutor", None),
    ],
)
def test_network_filesystem_from_fake_mounts(
    mounts_file: Path, path: str, expected: str | None
) -> None:
    assert network_filesystem(path, mounts_file) == expected


def test_symlink_into_a_network_mount_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "real"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda1 / ext4 rw 0 0\nsrv:/x {target} nfs rw 0 0\n")
    assert network_filesystem(link / "dl-tutor", mounts) == "nfs"


def test_unreadable_mounts_table_means_local(tmp_path: Path) -> None:
    assert network_filesystem("/home/ada", tmp_path / "no-such-mounts") is None


def test_storage_report_names_directory_origin_and_journal(mounts_file: Path) -> None:
    nfs = storage_report(DataDirChoice(Path("/home/ada/d"), ENV_VAR), mounts_file)
    assert nfs.splitlines() == [
        f"data directory: /home/ada/d (from {ENV_VAR})",
        "progress journal: rollback (network filesystem nfs4; WAL does not work there)",
    ]
    local = storage_report(DataDirChoice(Path("/var/d"), "default"), mounts_file)
    assert local.splitlines() == [
        "data directory: /var/d (platform default)",
        "progress journal: WAL",
    ]
    assert storage_description("/var/d", mounts_file) == "progress journal: WAL"
