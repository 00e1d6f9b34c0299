"""Imported once by the parse workers' forkserver: the caller's entry script, so no child imports it again.

Every child multiprocessing starts re-runs the parent's __main__ unless the process it forks from already
has it. Python 3.11's forkserver means to preload it, but looks for the key `main_path` where
`get_preparation_data` writes `init_main_from_path`, so it never does, and each parse paid 0.4 s (1 s under
Streamlit) to import the entry script's modules again. uploads.parse_worker names the path in ENV_VAR.
"""

from __future__ import annotations

import os
from multiprocessing import spawn

ENV_VAR = "DASHBOARD_WORKER_MAIN"

if os.environ.get(ENV_VAR):
    spawn.import_main_path(os.environ[ENV_VAR])
