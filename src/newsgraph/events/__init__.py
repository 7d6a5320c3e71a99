"""Events: who did what to whom. For now, the CAMEO and PLOVER code tables (:mod:`.codes`)."""

from __future__ import annotations

from newsgraph.events.codes import (
    QUAD_CLASSES,
    CameoCode,
    PloverType,
    UnknownCode,
    all_codes,
    cameo,
    is_cameo,
    legacy_plover_labels,
    normalise_plover,
    plover_type,
    plover_types,
    quad_class_of_root,
    roots,
)

__all__ = [
    "QUAD_CLASSES",
    "CameoCode",
    "PloverType",
    "UnknownCode",
    "all_codes",
    "cameo",
    "is_cameo",
    "legacy_plover_labels",
    "normalise_plover",
    "plover_type",
    "plover_types",
    "quad_class_of_root",
    "roots",
]
