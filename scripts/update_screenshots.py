"""Copy the page screenshots of the last browser-test run into docs/screenshots/, scaled down for the README.

    make test            # the journey test writes test-artifacts/screenshots/
    .venv/bin/python scripts/update_screenshots.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "test-artifacts" / "screenshots"
TARGET = ROOT / "docs" / "screenshots"
PAGES = ["1-data", "2-quality", "3-opportunities", "4-baselines", "5-maturity", "6-report"]
# Linked from the README rather than shown in its table: kept whole, so the grid and the findings below the fold show.
WHOLE = ["quality-overview", "quality-findings", "quality-fix-export"]


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in PAGES + WHOLE:
        with Image.open(SOURCE / f"{name}.png") as image:
            crop = image.crop((0, 0, image.width, image.height if name in WHOLE else min(image.height, 1100)))
            crop.thumbnail((900, 3000) if name in WHOLE else (720, 720))
            crop.convert("RGB").save(TARGET / f"{name}.png", optimize=True)
        print(f"docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
