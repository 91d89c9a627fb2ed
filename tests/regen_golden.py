"""Regenerate tests/golden/sample/ and feeds/ from the sample show: `PYTHONPATH=src python -m tests.regen_golden`.

Run it after an intended output change and review the diff before committing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.sample_show import GOLDEN, REPO, build_sample


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config, result = build_sample(Path(tmp))
        if result.errors:
            raise SystemExit("\n".join(map(str, result.errors)))
        for target in (GOLDEN, REPO / "feeds"):
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(config.output_dir, target)
    print(f"regenerated {GOLDEN.relative_to(REPO)} and feeds/")


if __name__ == "__main__":
    main()
