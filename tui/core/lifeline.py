"""Worker processes that never outlive the process that started them.

``kill -9`` of ``newsmark import`` (or of the app during an import) leaves its pool's workers
blocked on a queue nobody writes to: forked children hold the pipe's write end themselves, so
they never see end-of-file. Each worker asks the kernel for SIGKILL when its parent dies
(Linux ``PR_SET_PDEATHSIG``) and checks the parent once, in case it died before it asked.
"""

from __future__ import annotations

import os
import signal


def die_with_parent(parent_pid: int) -> None:
    """A ``ProcessPoolExecutor`` initializer: end this worker as soon as ``parent_pid`` is gone."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent check below still runs once
        pass
    if os.getppid() != parent_pid:
        os._exit(1)
