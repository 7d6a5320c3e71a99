"""newsgraph's exceptions: one base, a small tree.

    NewsgraphError
    ├── InputError            an input cannot be read or understood (names the input)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── DecodeError       bytes that decode as no plausible text encoding
    │   ├── InputTooLarge
    │   └── MalformedInput    broken JSON line, HTML without a body, missing fields
    ├── AnalysisError         the NLP pipeline or an extractor failed on one input
    ├── SettingsError         a setting has a value outside its accepted ones
    ├── ModelError            the configured spaCy pipeline cannot be loaded
    ├── StoreError            the database cannot be opened or written
    └── MissingExtra          an optional part is not installed (carries the pip hint)

Only the serving layer (CLI, API) turns these into exit codes or HTTP statuses.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    def __init__(self, input_name: str, reason: str) -> None:
        self.input_name = input_name
        self.reason = reason
        super().__init__(f"{input_name}: {reason}")

    stage = "read"


class EmptyInput(InputError):
    stage = "read"


class BinaryInput(InputError):
    stage = "decode"


class DecodeError(InputError):
    stage = "decode"


class InputTooLarge(InputError):
    stage = "read"


class MalformedInput(InputError):
    stage = "parse"


class AnalysisError(InputError):
    stage = "analyze"


class SettingsError(NewsgraphError):
    pass


class ModelError(NewsgraphError):
    pass


class StoreError(NewsgraphError):
    pass


class MissingExtra(NewsgraphError):
    def __init__(self, what: str, extra: str) -> None:
        super().__init__(
            f"{what} needs the optional extra [{extra}]: pip install 'newsgraph[{extra}]'"
        )
