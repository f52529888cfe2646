"""Only the part of the build that pyproject.toml cannot say: ship the project's sql/, expectations/
and seeds/ inside the wheel (as dateline/_project/), so an installed `dateline` finds them while the
repository keeps them at its top level. An editable install reads them from the repository."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROJECT_FOLDERS = ("sql", "expectations", "seeds")


class BuildWithProjectFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "dateline" / "_project"
        for folder in PROJECT_FOLDERS:
            shutil.copytree(folder, target / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithProjectFiles})
