"""A chart's SVG as a PNG, for a slide or a chat message, with its Chinese text drawn.

resvg (resvg-py: wheels for Windows, macOS and Linux, no system library to install) draws
the very SVG the page shows. It draws text with the fonts it is given, so a PNG is made only
when a Chinese font is found on this machine: a picture whose names are boxes is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kpitrack.errors import EnvironmentFault

# Font files that hold simplified Chinese, by how their names start (lower case).
CJK_FONTS = (
    "notosanscjk",  # Noto Sans CJK SC: Linux (fonts-noto-cjk), also on many macOS setups
    "notoserifcjk",
    "sourcehansans",
    "notosanssc",
    "wqy-",  # 文泉驿: Linux
    "msyh",  # 微软雅黑 Microsoft YaHei: Windows
    "simhei",
    "simsun",
    "deng",  # 等线 DengXian: Windows 10+
    "pingfang",  # macOS
    "hiragino sans gb",
    "stheiti",
    "droidsansfallback",
)


def font_folders() -> list[Path]:
    """Where Windows, macOS and Linux keep fonts, system-wide and per user."""
    home = Path.home()
    folders = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/System/Library/Fonts"),
        Path("/System/Library/AssetsV2"),
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]
    windows = os.environ.get("WINDIR")
    if windows:
        folders.append(Path(windows) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft/Windows/Fonts")
    return folders


def find_cjk_font(folders: Iterable[Path] | None = None) -> Path | None:
    """The first font file holding Chinese in the usual folders, or None."""
    for folder in font_folders() if folders is None else folders:
        if not folder.is_dir():
            continue
        found = [
            path
            for path in folder.rglob("*")
            if path.suffix.lower() in {".ttf", ".otf", ".ttc", ".otc"}
            and path.name.lower().startswith(CJK_FONTS)
        ]
        if found:  # the regular weight before bold or light ones
            return min(found, key=lambda p: (_weighted(p.name.lower()), p.name))
    return None


def _weighted(name: str) -> bool:
    return any(w in name for w in ("bold", "light", "thin", "black", "medium", "heavy"))


def png_of(svg: str, font: Path | None = None) -> bytes:
    """The SVG drawn at twice its size (sharp on a phone), on white."""
    found = font or find_cjk_font()
    if found is None:
        raise EnvironmentFault("chart.no_font")
    import resvg_py

    drawn = resvg_py.svg_to_bytes(
        svg_string=svg, background="#ffffff", zoom=2, font_files=[str(found)]
    )
    return bytes(drawn)
