"""project.yml: weasel reads it, a dry run of the whole workflow goes through
every step in order, and every command, script and input it names exists."""

from __future__ import annotations

import shlex
from pathlib import Path

from typer.testing import CliRunner
from weasel.cli.run import project_run
from weasel.util import load_project_config

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["convert", "train", "evaluate", "package", "benchmark"]


def _config() -> dict:
    return load_project_config(ROOT)


def test_dry_run_goes_through_every_step(capsys) -> None:
    project_run(ROOT, "all", dry=True)
    out = capsys.readouterr().out
    # weasel puts its own interpreter in place of "python": look for what follows it
    lines = [line.split(" ", 1)[1] for c in _config()["commands"] for line in c["script"]]
    positions = [out.find(f" {line}\n") for line in lines]
    assert -1 not in positions, [line for line, at in zip(lines, positions) if at < 0]
    assert positions == sorted(positions)  # every step, in the workflow's order
    assert not (ROOT / "project.lock").exists()  # a dry run records nothing


def test_workflow_is_the_real_one() -> None:
    config = _config()
    assert config["workflows"]["all"] == STEPS
    assert [c["name"] for c in config["commands"]] == STEPS


def _outputs_so_far(commands: list[dict], upto: int) -> set[str]:
    return {o for c in commands[:upto] for o in c.get("outputs", [])}


def test_every_command_script_and_input_exists() -> None:
    commands = _config()["commands"]
    runner = CliRunner()
    for i, command in enumerate(commands):
        made = _outputs_so_far(commands, i)
        for dep in command.get("deps", []):
            assert dep in made or (ROOT / dep).exists(), f"{command['name']}: no {dep}"
        for line in command["script"]:
            words = shlex.split(line)
            assert words[0] == "python", line  # weasel runs it with its own interpreter
            if words[1:3] == ["-m", "pipeline.cli"]:
                sub = [w for w in words[3:] if not w.startswith("-")][:1]
                assert runner.invoke(app, [*sub, "--help"]).exit_code == 0, line
            elif words[1].endswith(".py"):
                assert (ROOT / words[1]).is_file(), line
